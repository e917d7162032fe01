package io.kedge.devicedata;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs at most {@code limit} tasks at once on a shared pool and queues the rest, so REST clients
 * that hold their requests open (the JDK server reads a request on the executor's thread) occupy
 * at most {@code limit} threads of the node's blocking pool: they slow this API, not the node.
 */
final class LimitedExecutor implements Executor {
    private final Executor pool;
    private final int limit;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    LimitedExecutor(Executor pool, int limit) {
        this.pool = pool;
        this.limit = Math.max(1, limit);
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (running >= limit) {
                waiting.add(task);
                return;
            }
            running++;
        }
        submit(task);
    }

    private void submit(Runnable task) {
        try {
            pool.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                running--;
            }
            throw e;
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } finally {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    running--;
                }
            }
            if (next != null) {
                submit(next);
            }
        }
    }

    synchronized int running() {
        return running;
    }
}
