package io.kedge.bus.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One module's executor over the shared threads: its timers wait on the shared timer thread, its
 * tasks run on the executor it was given (a {@link SerialQueue} for ordered work, or the shared
 * blocking pool). It knows every task it accepted, so shutting it down ends exactly those.
 */
final class ModuleExecutor extends AbstractExecutorService implements ScheduledExecutorService {
    private final String name;
    private final ScheduledExecutorService timer;
    private final Executor runner;
    private final Set<TrackedTask<?>> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean shutdown;

    ModuleExecutor(String name, ScheduledExecutorService timer, Executor runner) {
        this.name = name;
        this.timer = timer;
        this.runner = runner;
    }

    String name() {
        return name;
    }

    @Override
    public void execute(Runnable command) {
        start(track(Executors.callable(command), true, 0, 0));
    }

    @Override
    public <T> java.util.concurrent.Future<T> submit(Callable<T> task) {
        return start(track(task, false, 0, 0));
    }

    @Override
    public java.util.concurrent.Future<?> submit(Runnable task) {
        return start(track(Executors.callable(task), false, 0, 0));
    }

    @Override
    public <T> java.util.concurrent.Future<T> submit(Runnable task, T result) {
        return start(track(Executors.callable(task, result), false, 0, 0));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return start(track(Executors.callable(command), false, unit.toNanos(delay), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return start(track(callable, false, unit.toNanos(delay), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return start(track(Executors.callable(command), false, unit.toNanos(initialDelay), positive(period, unit)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return start(track(Executors.callable(command), false, unit.toNanos(initialDelay), -positive(delay, unit)));
    }

    private static long positive(long period, TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive");
        }
        return unit.toNanos(period);
    }

    private <V> TrackedTask<V> track(Callable<V> work, boolean logFailure, long delayNanos, long period) {
        if (work == null) {
            throw new NullPointerException();
        }
        if (shutdown) {
            throw new RejectedExecutionException(name + " is shut down");
        }
        TrackedTask<V> task = new TrackedTask<>(name, work, logFailure, System.nanoTime() + Math.max(0, delayNanos),
                period, live::remove, this::arm);
        live.add(task);
        return task;
    }

    private <V> TrackedTask<V> start(TrackedTask<V> task) {
        arm(task);
        return task;
    }

    /** Hands the task to its runner now if due, else asks the timer to hand it over when due. */
    private void arm(TrackedTask<?> task) {
        if (task.isDone() || (shutdown && task.isPeriodic())) {
            task.cancel(false);
            return;
        }
        long delay = task.dueNanos() - System.nanoTime();
        try {
            if (delay <= 0) {
                runner.execute(() -> runCounted(task));
            } else {
                task.armedBy(timer.schedule(() -> handOver(task), delay, TimeUnit.NANOSECONDS));
            }
        } catch (RejectedExecutionException e) {
            task.cancel(false); // the shared threads are closing: the node is stopping
        }
    }

    private void handOver(TrackedTask<?> task) {
        if (task.isDone()) {
            return;
        }
        try {
            runner.execute(() -> runCounted(task));
        } catch (RejectedExecutionException e) {
            task.cancel(false);
        }
    }

    /** Counts runs in progress: a cancelled task is done at once, but termination waits until it has returned. */
    private void runCounted(TrackedTask<?> task) {
        running.incrementAndGet();
        try {
            task.run();
        } finally {
            running.decrementAndGet();
        }
    }

    /** Periodic tasks stop; tasks already accepted run, as with the JDK's scheduled executor. */
    @Override
    public void shutdown() {
        shutdown = true;
        live.stream().filter(TrackedTask::isPeriodic).forEach(task -> task.cancel(false));
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> cancelled = new ArrayList<>();
        for (TrackedTask<?> task : List.copyOf(live)) {
            if (task.cancel(true)) {
                cancelled.add(task);
            }
        }
        return cancelled;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && live.isEmpty() && running.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }
}
