package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesFromMinimumUpToMaximum() {
        List<Long> ceilings = new ArrayList<>();
        Backoff backoff = new Backoff(1_000, 60_000, bound -> {
            ceilings.add(bound);
            return bound;
        });
        for (int i = 0; i < 9; i++) {
            backoff.nextDelayMillis();
        }
        assertThat(ceilings).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L,
                60_000L);
    }

    @Test
    void resetStartsOverAndHugeAttemptCountsDoNotOverflow() {
        Backoff backoff = new Backoff(1_000, 60_000, bound -> bound);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.nextDelayMillis()).isBetween(1_000L, 60_000L);
        }
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isEqualTo(1_000L);
    }

    @Test
    void fullJitterSpreadsAFleetOverTheWholeWindow() {
        Random random = new Random(42);
        long[] delays = new long[1_000];
        for (int node = 0; node < delays.length; node++) {
            Backoff backoff = new Backoff(1_000, 60_000, bound -> (long) (random.nextDouble() * (bound + 1)));
            for (int attempt = 0; attempt < 6; attempt++) {
                backoff.nextDelayMillis();
            }
            delays[node] = backoff.nextDelayMillis(); // window [0, 60 s]
        }
        int[] buckets = new int[6];
        for (long delay : delays) {
            assertThat(delay).isBetween(0L, 60_000L);
            buckets[(int) Math.min(5, delay / 10_000)]++;
        }
        for (int bucket : buckets) {
            assertThat(bucket).as("each 10 s slice gets roughly a sixth").isBetween(120, 220);
        }
    }

    @Test
    void rejectsNonsenseBounds() {
        assertThatThrownBy(() -> new Backoff(0, 10, b -> b)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(100, 10, b -> b)).isInstanceOf(IllegalArgumentException.class);
    }
}
