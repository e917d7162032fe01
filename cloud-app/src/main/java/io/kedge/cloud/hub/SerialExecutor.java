package io.kedge.cloud.hub;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one after another, in submission order, on a shared pool: one per node, so a node's
 * messages are applied in the order it sent them while nodes still proceed in parallel. Whatever a
 * task throws, {@link Error}s included, ends that task only: the tasks after it still run.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private record Task(Runnable work, long bytes) {
    }

    private final Executor pool;
    private final Runnable onIdle;
    private final Consumer<Throwable> onError;
    private final Queue<Task> tasks = new ArrayDeque<>();
    private boolean draining;
    /** Bytes of the tasks waiting or running; guarded by {@code tasks}. */
    private long pendingBytes;

    SerialExecutor(Executor pool) {
        this(pool, () -> { }, error -> { });
    }

    /**
     * @param onIdle  run, outside any lock, each time the queue has run empty
     * @param onError told of each {@link Error} a task threw, after which the next task runs
     */
    SerialExecutor(Executor pool, Runnable onIdle, Consumer<Throwable> onError) {
        this.pool = pool;
        this.onIdle = onIdle;
        this.onError = onError;
    }

    @Override
    public void execute(Runnable task) {
        execute(task, 0);
    }

    /**
     * Queues a task that holds {@code bytes} (a frame) until it has run.
     *
     * @return the bytes pending once this task joined the queue
     */
    long execute(Runnable task, long bytes) {
        long pendingNow;
        synchronized (tasks) {
            tasks.add(new Task(task, bytes));
            pendingBytes += bytes;
            pendingNow = pendingBytes;
            if (draining) {
                return pendingNow;
            }
            draining = true;
        }
        pool.execute(this::drain);
        return pendingNow;
    }

    /** Tasks waiting or running; lets the session refuse a node that floods faster than we apply. */
    int backlog() {
        synchronized (tasks) {
            return tasks.size() + (draining ? 1 : 0);
        }
    }

    /** Bytes of the tasks waiting or running. */
    long pendingBytes() {
        synchronized (tasks) {
            return pendingBytes;
        }
    }

    private void drain() {
        Task done = null;
        while (true) {
            Task next;
            synchronized (tasks) {
                if (done != null) {
                    pendingBytes -= done.bytes();
                }
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    break;
                }
            }
            run(next.work());
            done = next;
        }
        onIdle.run();
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (Error e) {
            try {
                onError.accept(e);
            } catch (Throwable ignored) {
                // The listener failed too (still out of memory, say): the next task must run all the same.
            }
        } catch (Throwable e) {
            LOG.warn("Task failed", e);
        }
    }
}
