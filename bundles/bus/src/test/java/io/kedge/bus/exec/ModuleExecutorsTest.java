package io.kedge.bus.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModuleExecutorsTest {
    private final SharedThreads threads = new SharedThreads();

    @AfterEach
    void close() {
        threads.close();
    }

    @Test
    void aSerialExecutorRunsTasksOneAtATimeInOrder() {
        ScheduledExecutorService serial = new ModuleExecutors("m", threads).newSerialExecutor("ordered");
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        IntStream.range(0, 500).forEach(i -> serial.execute(() -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.add(i);
            running.decrementAndGet();
        }));

        await().until(() -> seen.size() == 500);
        assertThat(seen).isSorted();
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void closingOneModulesViewCancelsItsTasksOnly() throws Exception {
        ModuleExecutors stopping = new ModuleExecutors("stopping", threads);
        ModuleExecutors staying = new ModuleExecutors("staying", threads);
        AtomicInteger stoppingTicks = new AtomicInteger();
        AtomicInteger stayingTicks = new AtomicInteger();
        ScheduledFuture<?> periodic = stopping.newSerialExecutor("tick")
                .scheduleWithFixedDelay(stoppingTicks::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> later = stopping.newSerialExecutor("later").schedule(() -> { }, 1, TimeUnit.HOURS);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> blocked = stopping.blocking().submit(() -> {
            release.await();
            return null;
        });
        staying.newSerialExecutor("tick").scheduleWithFixedDelay(stayingTicks::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        await().until(() -> stoppingTicks.get() > 2 && stayingTicks.get() > 2);

        stopping.close();

        assertThat(periodic.isCancelled()).isTrue();
        assertThat(later.isCancelled()).isTrue();
        assertThat(blocked.isCancelled()).isTrue();
        int after = stayingTicks.get();
        await().until(() -> stayingTicks.get() > after + 2);
        int stopped = stoppingTicks.get();
        await().during(100, TimeUnit.MILLISECONDS).until(() -> stoppingTicks.get() <= stopped + 1);
        assertThatThrownBy(() -> stopping.blocking().execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThat(staying.blocking().submit(() -> 42).get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void aThrowingTaskNeitherKillsTheSharedThreadNorStopsTheQueue() throws Exception {
        ScheduledExecutorService serial = new ModuleExecutors("m", threads).newSerialExecutor("failing");
        List<Thread> failed = new CopyOnWriteArrayList<>();
        serial.execute(() -> {
            failed.add(Thread.currentThread());
            throw new IllegalStateException("expected by the test");
        });
        serial.execute(() -> {
            failed.add(Thread.currentThread());
            throw new Error("expected by the test");
        });
        Future<String> after = serial.submit(() -> "still running");

        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("still running");
        assertThat(failed).hasSize(2).allMatch(Thread::isAlive);
    }

    @Test
    void aPeriodicTaskThatThrowsStopsLikeTheJdksButOthersGoOn() {
        ScheduledExecutorService serial = new ModuleExecutors("m", threads).newSerialExecutor("periodic");
        AtomicInteger failing = new AtomicInteger();
        AtomicInteger healthy = new AtomicInteger();
        ScheduledFuture<?> broken = serial.scheduleAtFixedRate(() -> {
            failing.incrementAndGet();
            throw new IllegalStateException("expected by the test");
        }, 0, 5, TimeUnit.MILLISECONDS);
        serial.scheduleAtFixedRate(healthy::incrementAndGet, 0, 5, TimeUnit.MILLISECONDS);

        await().until(() -> healthy.get() > 5);
        assertThat(broken.isDone()).isTrue();
        assertThat(failing).hasValue(1);
    }

    @Test
    void threadsAreDaemonsNamedAfterTheirPool() throws Exception {
        ModuleExecutors view = new ModuleExecutors("m", threads);
        Thread serialThread = view.newSerialExecutor("x").submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
        Thread timedThread = view.newSerialExecutor("y")
                .schedule(Thread::currentThread, 5, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        Thread ioThread = view.blocking().submit(Thread::currentThread).get(10, TimeUnit.SECONDS);

        assertThat(serialThread.getName()).matches("kedge-worker-\\d+");
        assertThat(timedThread.getName()).matches("kedge-worker-\\d+");
        assertThat(ioThread.getName()).matches("kedge-io-\\d+");
        assertThat(List.of(serialThread, timedThread, ioThread)).allMatch(Thread::isDaemon);
    }

    @Test
    void shutdownStopsPeriodicTasksButLetsAcceptedOnesRun() throws Exception {
        ScheduledExecutorService serial = new ModuleExecutors("m", threads).newSerialExecutor("s");
        ScheduledFuture<?> periodic = serial.scheduleWithFixedDelay(() -> { }, 0, 5, TimeUnit.MILLISECONDS);
        ScheduledFuture<String> once = serial.schedule(() -> "ran", 20, TimeUnit.MILLISECONDS);

        serial.shutdown();

        assertThat(periodic.isCancelled()).isTrue();
        assertThat(once.get(10, TimeUnit.SECONDS)).isEqualTo("ran");
        assertThat(serial.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void oneTaskAtATimeKeepsFewThreadsNotThePoolsBound() throws Exception {
        ModuleExecutors view = new ModuleExecutors("m", threads);
        ScheduledExecutorService serial = view.newSerialExecutor("s");
        for (int i = 0; i < 50; i++) {
            serial.submit(() -> { }).get(10, TimeUnit.SECONDS);
            view.blocking().submit(() -> { }).get(10, TimeUnit.SECONDS);
        }

        assertThat(((ThreadPoolExecutor) threads.workers()).getLargestPoolSize()).isLessThan(SharedThreads.WORKERS);
        assertThat(((ThreadPoolExecutor) threads.blocking()).getLargestPoolSize()).isLessThan(SharedThreads.BLOCKING);
    }

    @Test
    void moreBlockingTasksThanThreadsWaitAndAllRun() throws Exception {
        ModuleExecutors view = new ModuleExecutors("m", threads);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> tasks = IntStream.range(0, SharedThreads.BLOCKING * 3).<Future<?>>mapToObj(i -> view.blocking()
                .submit(() -> {
                    release.await();
                    return done.incrementAndGet();
                })).toList();
        await().until(() -> ((ThreadPoolExecutor) threads.blocking()).getActiveCount() == SharedThreads.BLOCKING);

        release.countDown();

        for (Future<?> task : tasks) {
            task.get(10, TimeUnit.SECONDS);
        }
        assertThat(done).hasValue(SharedThreads.BLOCKING * 3);
        assertThat(((ThreadPoolExecutor) threads.blocking()).getLargestPoolSize()).isEqualTo(SharedThreads.BLOCKING);
    }
}
