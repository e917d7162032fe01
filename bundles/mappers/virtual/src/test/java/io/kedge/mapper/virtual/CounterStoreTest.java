package io.kedge.mapper.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterStoreTest {
    @TempDir
    Path data;

    @RepeatedTest(20)
    void readsRacingTheSaveNeitherRepeatNorSkipAValueInTheNextStore() throws Exception {
        Path file = data.resolve("counters.properties");
        CounterStore before = new CounterStore(Optional.of(file));
        CounterStore.Counter counter = before.counter("ns/dev", "count", 0, 1);
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<List<Long>> reader = CompletableFuture.supplyAsync(() -> {
            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < 1_000_000; i++) {
                OptionalLong value = counter.next();
                if (value.isEmpty()) {
                    break;
                }
                seen.add(value.getAsLong());
                if (i == 100) {
                    reading.countDown();
                }
            }
            return seen;
        });
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        before.save();
        List<Long> seen = new ArrayList<>(reader.get(10, TimeUnit.SECONDS));

        CounterStore.Counter after = new CounterStore(Optional.of(file)).counter("ns/dev", "count", 0, 1);
        for (int i = 0; i < 3; i++) {
            seen.add(after.next().orElseThrow());
        }
        assertThat(seen).containsExactlyElementsOf(LongStream.range(0, seen.size()).boxed().toList());
    }

    @Test
    void aSavedCountIsIgnoredWhenStartOrStepChangedOrTheFileIsBroken() throws Exception {
        Path file = data.resolve("counters.properties");
        CounterStore store = new CounterStore(Optional.of(file));
        store.counter("ns/dev", "a", 10, 2).next();
        store.counter("ns/dev", "b", 0, 1).next();
        store.save();

        CounterStore changed = new CounterStore(Optional.of(file));
        assertThat(changed.counter("ns/dev", "a", 10, 2).next()).hasValue(12);
        assertThat(changed.counter("ns/dev", "b", 5, 1).next()).hasValue(5);

        Files.writeString(file, "ns/dev/a=10,2,notanumber\nns/dev/b=garbage\n");
        CounterStore broken = new CounterStore(Optional.of(file));
        assertThat(broken.counter("ns/dev", "a", 10, 2).next()).hasValue(10);
        assertThat(broken.counter("ns/dev", "b", 0, 1).next()).hasValue(0);
    }
}
