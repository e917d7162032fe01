package io.kedge.bus.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
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

    /**
     * Up to {@code threads} threads, made only when no idle one can take the task (a plain
     * ThreadPoolExecutor makes a new thread per task until its core size, so an idle node would
     * keep all of them); beyond the bound, tasks wait in the queue.
     */
    private static ThreadPoolExecutor bounded(int threads, String pool) {
        HandOffQueue queue = new HandOffQueue();
        return new ThreadPoolExecutor(0, threads, IDLE_SECONDS, TimeUnit.SECONDS, queue, named(pool),
                (task, executor) -> {
                    if (executor.isShutdown()) {
                        throw new RejectedExecutionException("the node's " + pool + " threads are stopped");
                    }
                    queue.enqueue(task);
                    if (executor.getPoolSize() == 0) { // the last thread ended meanwhile: start one to take it
                        executor.execute(() -> { });
                    }
                });
    }

    /** Offers succeed only into the hands of an idle thread, so the executor adds threads before queueing. */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
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
