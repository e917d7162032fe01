package io.kedge.cloud.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per interval for events anyone on the network can cause (refusals, slow
 * clients): a flood of them must not become a flood of log lines. The line that is written says
 * how many were left out before it.
 */
final class LogThrottle {
    private final long intervalMillis;
    private final Clock clock;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    LogThrottle(Duration interval, Clock clock) {
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
    }

    LogThrottle(Duration interval) {
        this(interval, Clock.systemUTC());
    }

    /** -1 when this event is left out of the log; else how many were left out since the last line. */
    long admit() {
        long now = clock.millis();
        long allowed = nextAllowed.get();
        if (now >= allowed && nextAllowed.compareAndSet(allowed, now + intervalMillis)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }

    /** " (N more like it left out)" or empty, to append to the line. */
    static String leftOut(long count) {
        return count > 0 ? " (" + count + " more like it not logged)" : "";
    }
}
