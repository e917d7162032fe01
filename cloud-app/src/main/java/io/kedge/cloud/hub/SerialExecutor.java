package io.kedge.cloud.hub;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one after another, in submission order, on a shared pool: one per node, so a node's
 * messages are applied in the order it sent them while nodes still proceed in parallel.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Runnable onIdle;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    SerialExecutor(Executor pool) {
        this(pool, () -> { });
    }

    /** @param onIdle run, outside any lock, each time the queue has run empty */
    SerialExecutor(Executor pool, Runnable onIdle) {
        this.pool = pool;
        this.onIdle = onIdle;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        pool.execute(this::drain);
    }

    /** Tasks waiting or running; lets the session refuse a node that floods faster than we apply. */
    int backlog() {
        synchronized (tasks) {
            return tasks.size() + (draining ? 1 : 0);
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    break;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("Task failed", e);
            }
        }
        onIdle.run();
    }
}
