package io.kedge.cloud.hub;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Error}s (out of memory, stack overflow, ...) the hub contained so that one node's
 * message could not stop the others. The process goes on, but after an Error nobody can vouch for
 * its state: health reports the first one until the process is restarted.
 */
public final class ProcessErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessErrors.class);

    private final AtomicReference<String> first = new AtomicReference<>();

    /** Records {@code error} if it is an {@link Error}; other throwables are the caller's to handle. */
    public void record(Throwable error, String where) {
        if (!(error instanceof Error)) {
            return;
        }
        String what = error + " while " + where + " at " + Instant.now();
        if (first.compareAndSet(null, what)) {
            LOG.error("Hit {} while {}: the process keeps serving but reports itself unhealthy", error, where, error);
        } else {
            LOG.error("Hit {} again while {}", error, where);
        }
    }

    /** The first Error the process hit, described; empty while it hit none. */
    public Optional<String> first() {
        return Optional.ofNullable(first.get());
    }
}
