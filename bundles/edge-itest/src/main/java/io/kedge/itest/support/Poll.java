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
     * What the JVM's busy threads were doing when a wait timed out: most such waits are for a
     * component that Configuration Admin or SCR has not yet (de)activated, and a stuck thread says why.
     * Pool threads idle in their queues are left out.
     */
    private static void printFrameworkThreads(String what) {
        StringBuilder dump = new StringBuilder("Threads when the wait for '" + what + "' timed out:\n");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread == Thread.currentThread() || idle(stack)) {
                return;
            }
            dump.append("  \"").append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (int i = 0; i < Math.min(stack.length, 30); i++) {
                dump.append("      at ").append(stack[i]).append('\n');
            }
        });
        System.out.print(dump);
    }

    private static boolean idle(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String method = frame.getClassName() + "." + frame.getMethodName();
            if (method.endsWith("ThreadPoolExecutor.getTask") || method.endsWith("ForkJoinPool.awaitWork")
                    || method.contains("EpollEventLoop.epollWait") || method.contains("NioEventLoop.select")
                    || method.endsWith("ReferenceQueue.remove") || method.equals("java.lang.Object.wait")
                    && stack.length < 6) {
                return true;
            }
        }
        return false;
    }
}
