package io.kedge.dmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedge.api.devices.DeviceReadings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A listener that falls behind loses readings beyond its bound and holds up neither the caller nor other listeners. */
class ReadingOutletTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aStuckListenerDropsBeyondItsBoundAndOthersGetEverything() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> slow = new CopyOnWriteArrayList<>();
        List<String> fast = new CopyOnWriteArrayList<>();
        DeviceReadings stuck = (id, property, value, time, push) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slow.add(value);
        };
        ReadingListeners listeners = new ReadingListeners(pool, 10);
        listeners.add(stuck);
        listeners.add((id, property, value, time, push) -> fast.add(value));

        listeners.reading("default/d", "p", "0", 1, Map.of());
        await().atMost(10, TimeUnit.SECONDS).until(() -> fast.size() == 1); // the stuck one holds "0" now
        for (int i = 1; i <= 100; i++) {
            listeners.reading("default/d", "p", Integer.toString(i), 1, Map.of()); // returns at once though one is stuck
            int expected = i + 1;
            await().atMost(10, TimeUnit.SECONDS).until(() -> fast.size() == expected);
        }
        release.countDown();

        await().atMost(10, TimeUnit.SECONDS).until(() -> slow.size() == 11);
        assertThat(slow).as("the one in hand, then the first ten that fit, in order")
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(fast).hasSize(101);
    }

    @Test
    void aListenerThatThrowsStillGetsTheNextReadings() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ReadingListeners listeners = new ReadingListeners(pool, 10);
        listeners.add((id, property, value, time, push) -> {
            seen.add(value);
            throw new IllegalStateException("boom");
        });
        listeners.reading("default/d", "p", "1", 1, Map.of());
        listeners.reading("default/d", "p", "2", 1, Map.of());
        await().atMost(10, TimeUnit.SECONDS).until(() -> seen.equals(List.of("1", "2")));
    }
}
