package io.kedge.metaserver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the refusals of local clients (too large, too many, too slow) once per kind and interval,
 * with the number left unlogged since: a client that floods the server must not flood the log.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    private final long intervalMillis;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    RefusalLog(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    void refused(String kind, String detail) {
        Kind counts = kinds.computeIfAbsent(kind, k -> new Kind());
        long now = System.currentTimeMillis();
        long due = counts.nextLogAt.get();
        if (now >= due && counts.nextLogAt.compareAndSet(due, now + intervalMillis)) {
            long unlogged = counts.unlogged.getAndSet(0);
            LOG.warn("MetaServer refused a local client: {} ({}){}", kind, detail,
                    unlogged == 0 ? "" : "; " + unlogged + " more such refusals since the last report");
        } else {
            counts.unlogged.incrementAndGet();
        }
    }

    private static final class Kind {
        final AtomicLong nextLogAt = new AtomicLong();
        final AtomicLong unlogged = new AtomicLong();
    }
}
