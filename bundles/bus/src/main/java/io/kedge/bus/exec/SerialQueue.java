package io.kedge.bus.exec;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what it is given one at a time, in order, on a shared pool: at most one pool thread works
 * for this queue at a time, and it lets go after a batch so one busy module cannot hold a thread.
 */
final class SerialQueue implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);
    private static final int BATCH = 64;

    private final String name;
    private final Executor pool;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean draining;

    SerialQueue(String name, Executor pool) {
        this.name = name;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RuntimeException e) {
            synchronized (this) {
                draining = false;
                queue.clear();
            }
            throw e;
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable task;
            synchronized (this) {
                task = queue.poll();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (Throwable e) {
                LOG.error("A task of {} failed", name, e);
            }
            Thread.interrupted(); // a cancelled task's interrupt must not reach the next module's task
        }
        schedule();
    }
}
