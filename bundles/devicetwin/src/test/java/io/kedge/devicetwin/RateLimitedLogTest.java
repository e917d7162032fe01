package io.kedge.devicetwin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    @Test
    void aFloodGivesOneLinePerIntervalAndCountsTheRest() {
        List<String> lines = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(lines::add, 10_000, clock::get);

        for (int i = 0; i < 1000; i++) {
            log.warn("refused", "bad " + i);
        }
        log.warn("other", "another kind");
        clock.set(10_000);
        log.warn("refused", "bad again");

        assertThat(lines).containsExactly("bad 0", "another kind", "bad again (999 similar left out of the log)");
    }
}
