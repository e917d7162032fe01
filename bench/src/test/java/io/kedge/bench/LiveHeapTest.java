package io.kedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveHeapTest {

    @Test
    void readsTheTotalOfAClassHistogram() {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         20779        1736496  [B (java.base@17.0.15)
                   2:          1958         500000  java.lang.String (java.base@17.0.15)
                Total        778263       32961296
                """;
        assertThat(LiveHeap.parseTotal(histogram)).isEqualTo(32_961_296L);
    }

    @Test
    void measuresThisJvm() throws Exception {
        long bytes = LiveHeap.bytes(ProcessHandle.current().pid());
        assertThat(bytes).isBetween(1024L * 1024, Runtime.getRuntime().maxMemory());
    }
}
