package io.kedge.itest.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something the edge does asynchronously (Awaitility is not an OSGi bundle here). */
public final class Poll {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final long INTERVAL_MILLIS = 20;

    private Poll() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        valueOf(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Polls until {@code probe} returns a non-null value and returns it. */
    public static <T> T valueOf(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                printFrameworkThreads(what);
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + what, e);
            }
        }
    }

    /**
     * What the framework's own threads were doing when a wait timed out: most such waits are for a
     * component that Configuration Admin or SCR has not yet (de)activated, and a stuck dispatcher says why.
     */
    private static void printFrameworkThreads(String what) {
        StringBuilder dump = new StringBuilder("Framework threads when the wait for '" + what + "' timed out:\n");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            String name = thread.getName();
            if (name.startsWith("CM ") || name.startsWith("SCR") || name.startsWith("FelixDispatchQueue")) {
                dump.append("  \"").append(name).append("\" ").append(thread.getState()).append('\n');
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    dump.append("      at ").append(stack[i]).append('\n');
                }
            }
        });
        System.out.print(dump);
    }
}
