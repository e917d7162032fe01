package io.kedge.cloud.hub;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes sessions whose node sent nothing for longer than the keepalive timeout. */
final class KeepaliveWatchdog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(KeepaliveWatchdog.class);

    private final SessionRegistry registry;
    private final long timeoutNanos;

    KeepaliveWatchdog(SessionRegistry registry, Duration timeout) {
        this.registry = registry;
        this.timeoutNanos = timeout.toNanos();
    }

    /** How often to look: often enough that a session is closed within about a quarter past the timeout. */
    static Duration period(Duration timeout) {
        long millis = Math.max(100, Math.min(5000, timeout.toMillis() / 4));
        return Duration.ofMillis(millis);
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (NodeSession session : registry.all()) {
            if (session.silentNanos(now) > timeoutNanos) {
                LOG.info("Node {} sent nothing for {} ms: closing its session", session.nodeName(),
                        session.silentNanos(now) / 1_000_000);
                session.close(CloseCodes.KEEPALIVE_TIMEOUT, CloseCodes.KEEPALIVE_TIMEOUT_REASON);
            }
        }
    }
}
