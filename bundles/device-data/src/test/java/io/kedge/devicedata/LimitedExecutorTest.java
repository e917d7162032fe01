package io.kedge.devicedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stuck requests hold at most the limit of the shared pool's threads; the rest wait and run later. */
class LimitedExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void atMostTheLimitRunsAtOnce() throws Exception {
        LimitedExecutor limited = new LimitedExecutor(pool, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            limited.execute(() -> {
                started.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.incrementAndGet();
            });
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> started.get() == 2);
        AtomicInteger other = new AtomicInteger();
        pool.execute(other::incrementAndGet);
        await("the shared pool still serves others").atMost(10, TimeUnit.SECONDS).until(() -> other.get() == 1);
        assertThat(started.get()).isEqualTo(2);

        release.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> done.get() == 10);
        await().atMost(10, TimeUnit.SECONDS).until(() -> limited.running() == 0);
    }
}
