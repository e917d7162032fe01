package io.kedge.cloud.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeLogLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final List<String> lines = new ArrayList<>();
    private final NodeLogLimiter limiter =
            new NodeLogLimiter(Duration.ofSeconds(10), now::get, (line, cause) -> lines.add(line));

    @Test
    void oneLinePerNodePerIntervalAndTheNextSaysHowManyWereHeldBack() {
        for (int i = 0; i < 50; i++) {
            limiter.log("edge-a", "bad frame " + i, null);
        }
        limiter.log("edge-b", "other node", null);
        assertThat(lines).containsExactly("bad frame 0", "other node");

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        limiter.log("edge-a", "bad frame 50", null);
        limiter.log("edge-a", "bad frame 51", null);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).isEqualTo("bad frame 50 (49 such lines about node edge-a held back before it)");
    }
}
