package io.kedge.bus.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's shared threads: one timer thread that only hands due tasks over, a small pool that
 * runs the serial executors, and a bounded pool for blocking work. Pool threads end after a short
 * idle time, so an idle node holds little more than the timer thread.
 */
public final class SharedThreads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedThreads.class);
    static final int WORKERS = 6;
    static final int BLOCKING = 8;
    private static final long IDLE_SECONDS = 30;

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor blocking;

    public SharedThreads() {
        // One timer thread is enough: it never runs module code, it only queues due tasks.
        timer = new ScheduledThreadPoolExecutor(1, named("timer"));
        timer.setRemoveOnCancelPolicy(true);
        workers = bounded(WORKERS, "worker");
        blocking = bounded(BLOCKING, "io");
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ExecutorService workers() {
        return workers;
    }

    ExecutorService blocking() {
        return blocking;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        blocking.shutdownNow();
    }

    private static ThreadPoolExecutor bounded(int threads, String pool) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named(pool));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Daemon threads named {@code kedge-<pool>-N}; whatever escapes a task is logged. */
    public static ThreadFactory named(String pool) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "kedge-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught in {}", t.getName(), e));
            return thread;
        };
    }
}
