package io.kedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodStartBenchTest {
    @Test
    void percentilesAreNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < hundred.length; i++) {
            hundred[hundred.length - 1 - i] = i + 1;
        }
        assertThat(PodStartBench.percentile(hundred, 50)).isEqualTo(50);
        assertThat(PodStartBench.percentile(hundred, 99)).isEqualTo(99);
        long[] fifty = new long[50];
        for (int i = 0; i < fifty.length; i++) {
            fifty[i] = i + 1;
        }
        assertThat(PodStartBench.percentile(fifty, 50)).isEqualTo(25);
        assertThat(PodStartBench.percentile(fifty, 99)).isEqualTo(50);
        assertThat(PodStartBench.percentile(new long[] {7}, 99)).isEqualTo(7);
    }
}
