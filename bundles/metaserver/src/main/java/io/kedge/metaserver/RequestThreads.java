package io.kedge.metaserver;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's threads: a fixed number of them, and each request has {@code timeout} to arrive (its
 * headers and body) and be answered. A thread past it is interrupted, which closes its connection
 * (the JDK server's channels are interruptible), so clients that send or read slowly cannot keep
 * threads. A watch, once it streams, is let go ({@link #releaseCurrent()}): heartbeats and its
 * bounded queue end it instead.
 */
final class RequestThreads implements Executor, AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final long timeoutMillis;
    private final RefusalLog refusals;
    private final ThreadLocal<Deadline> current = new ThreadLocal<>();

    /** @param timer fires the deadlines (it only interrupts a thread); ours: {@link #close()} shuts it down */
    RequestThreads(int threads, Duration timeout, RefusalLog refusals, ScheduledExecutorService timer) {
        this.timeoutMillis = timeout.toMillis();
        this.refusals = refusals;
        AtomicInteger count = new AtomicInteger();
        // Our own pool, not the node's shared one: an admitted watch holds its thread for as long as
        // it streams. Idle threads die, so an idle node keeps none around.
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "kedge-metaserver-" + count.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        this.timer = timer;
    }

    @Override
    public void execute(Runnable request) {
        pool.execute(() -> run(request));
    }

    private void run(Runnable request) {
        Deadline deadline = new Deadline(Thread.currentThread(), refusals);
        current.set(deadline);
        deadline.arm(timer.schedule(deadline::expire, timeoutMillis, TimeUnit.MILLISECONDS));
        try {
            request.run();
        } finally {
            deadline.disarm();
            current.remove();
            Thread.interrupted(); // an expiry must not reach the next request on this thread
        }
    }

    /** The request on this thread may take as long as it needs from now on (an admitted watch). */
    void releaseCurrent() {
        Deadline deadline = current.get();
        if (deadline != null) {
            deadline.disarm();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Interrupts its thread at expiry unless disarmed first; never after being disarmed. */
    private static final class Deadline {
        private final Thread thread;
        private final RefusalLog refusals;
        private ScheduledFuture<?> expiry;
        private boolean disarmed;

        Deadline(Thread thread, RefusalLog refusals) {
            this.thread = thread;
            this.refusals = refusals;
        }

        synchronized void arm(ScheduledFuture<?> scheduled) {
            expiry = scheduled;
            if (disarmed) {
                scheduled.cancel(false);
            }
        }

        synchronized void expire() {
            if (!disarmed) {
                disarmed = true;
                refusals.refused("too slow", "a request was not sent and answered in time; its connection was closed");
                thread.interrupt();
            }
        }

        synchronized void disarm() {
            disarmed = true;
            if (expiry != null) {
                expiry.cancel(false);
            }
        }
    }
}
