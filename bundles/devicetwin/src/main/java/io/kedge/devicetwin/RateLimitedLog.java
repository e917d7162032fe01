package io.kedge.devicetwin;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One warning line per kind of trouble per interval, so a client flooding bad messages cannot fill
 * the log; the next line says how many were left out.
 */
public final class RateLimitedLog {
    private final Consumer<String> log;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final Map<String, long[]> lastAndSuppressed = new HashMap<>();

    /** @param log where the lines go, e.g. a logger's {@code warn} */
    public RateLimitedLog(Consumer<String> log, long intervalMillis, LongSupplier clock) {
        this.log = log;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** Logs {@code message} (already made log-safe by the caller) unless {@code kind} was logged recently. */
    public synchronized void warn(String kind, String message) {
        long now = clock.getAsLong();
        long[] state = lastAndSuppressed.computeIfAbsent(kind, k -> new long[] {Long.MIN_VALUE, 0});
        if (state[0] != Long.MIN_VALUE && now - state[0] < intervalMillis) {
            state[1]++;
            return;
        }
        long suppressed = state[1];
        state[0] = now;
        state[1] = 0;
        log.accept(suppressed == 0 ? message : message + " (" + suppressed + " similar left out of the log)");
    }
}
