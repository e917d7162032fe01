package io.kedge.bus.exec;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task a module handed to one of its executors. It tells its owner when it is done (so the owner
 * forgets it), logs a failure nobody else would see (tasks given to {@code execute} and periodic
 * tasks), and, if periodic, asks its owner to run it again.
 */
final class TrackedTask<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedTask.class);

    private final String owner;
    private final boolean logFailure;
    /** 0 one shot, positive fixed rate, negative fixed delay (nanoseconds), as in the JDK. */
    private final long period;
    private final Consumer<TrackedTask<V>> onDone;
    private final Consumer<TrackedTask<V>> rearm;
    private volatile long dueNanos;
    private volatile ScheduledFuture<?> timer;

    TrackedTask(String owner, Callable<V> work, boolean logFailure, long dueNanos, long period,
            Consumer<TrackedTask<V>> onDone, Consumer<TrackedTask<V>> rearm) {
        super(work);
        this.owner = owner;
        this.logFailure = logFailure || period != 0;
        this.dueNanos = dueNanos;
        this.period = period;
        this.onDone = onDone;
        this.rearm = rearm;
    }

    @Override
    public void run() {
        if (!isPeriodic()) {
            super.run();
        } else if (runAndReset()) {
            dueNanos = period > 0 ? dueNanos + period : System.nanoTime() - period;
            rearm.accept(this);
        }
    }

    /** Holds the timer's handle so that cancelling the task also frees the timer's slot. */
    void armedBy(ScheduledFuture<?> handle) {
        timer = handle;
        if (isCancelled()) {
            handle.cancel(false);
        }
    }

    long dueNanos() {
        return dueNanos;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        ScheduledFuture<?> handle = timer;
        if (handle != null) {
            handle.cancel(false);
        }
        return cancelled;
    }

    @Override
    protected void done() {
        if (logFailure && !isCancelled()) {
            try {
                get();
            } catch (ExecutionException e) {
                LOG.error("A task of {} failed{}", owner, isPeriodic() ? "; it will not run again" : "", e.getCause());
            } catch (InterruptedException | CancellationException e) {
                // not a failure of the task
            }
        }
        onDone.accept(this);
    }

    @Override
    public boolean isPeriodic() {
        return period != 0;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
}
