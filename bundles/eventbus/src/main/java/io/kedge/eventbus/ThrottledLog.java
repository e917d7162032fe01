package io.kedge.eventbus;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings about what peers send, at most one line per reason every interval, with a count of those
 * held back: a flood of bad messages must not become a flood of log lines.
 */
final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    ThrottledLog(Logger log, long intervalNanos, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    ThrottledLog(Logger log) {
        this(log, 10_000_000_000L, System::nanoTime);
    }

    /** Logs {@code format} (SLF4J style) unless {@code reason} was logged within the interval. */
    boolean warn(String reason, String format, Object... args) {
        Window window = windows.computeIfAbsent(reason, r -> new Window());
        long now = clock.getAsLong();
        synchronized (window) {
            if (window.last != Long.MIN_VALUE && now - window.last < intervalNanos) {
                window.held.incrementAndGet();
                return false;
            }
            window.last = now;
        }
        long held = window.held.getAndSet(0);
        if (held > 0) {
            log.warn(format + " ({} more like it not logged)", append(args, held));
        } else {
            log.warn(format, args);
        }
        return true;
    }

    private static Object[] append(Object[] args, long held) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = held;
        return all;
    }

    private static final class Window {
        long last = Long.MIN_VALUE;
        final AtomicLong held = new AtomicLong();
    }
}
