package io.kedge.edged.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTrackerTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final ProbeResult OK = ProbeResult.success("");
    private static final ProbeResult FAIL = ProbeResult.failure("down");

    private static ProbeSpec spec(int success, int failure) {
        return new ProbeSpec(new ProbeSpec.Exec(List.of("true")), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(1), success, failure);
    }

    @Test
    void firstRunAfterInitialDelayThenEveryPeriod() {
        ProbeTracker tracker = new ProbeTracker(spec(1, 3), START);
        assertThat(tracker.nextDue()).isEqualTo(START.plusSeconds(5));
        assertThat(tracker.due(START.plusSeconds(4))).isFalse();
        assertThat(tracker.due(START.plusSeconds(5))).isTrue();
        tracker.record(OK, START.plusSeconds(6));
        assertThat(tracker.nextDue()).isEqualTo(START.plusSeconds(16));
        assertThat(tracker.due(START.plusSeconds(15))).isFalse();
        assertThat(tracker.due(START.plusSeconds(16))).isTrue();
    }

    @Test
    void verdictFollowsConsecutiveThresholdsAndHoldsBetween() {
        ProbeTracker tracker = new ProbeTracker(spec(2, 3), START);
        assertThat(tracker.verdict()).isEmpty();
        tracker.record(OK, START);
        assertThat(tracker.verdict()).as("one success of two").isEmpty();
        tracker.record(FAIL, START);
        tracker.record(OK, START);
        assertThat(tracker.verdict()).as("successes must be consecutive").isEmpty();
        tracker.record(OK, START);
        assertThat(tracker.verdict()).contains(true);
        tracker.record(FAIL, START);
        tracker.record(FAIL, START);
        assertThat(tracker.verdict()).as("two failures of three keep the verdict").contains(true);
        tracker.record(FAIL, START);
        assertThat(tracker.verdict()).contains(false);
        tracker.record(OK, START);
        assertThat(tracker.verdict()).contains(false);
        tracker.record(OK, START);
        assertThat(tracker.verdict()).contains(true);
    }

    @Test
    void failuresAloneGiveFalse() {
        ProbeTracker tracker = new ProbeTracker(spec(1, 1), START);
        tracker.record(FAIL, START.plusSeconds(5));
        assertThat(tracker.verdict()).contains(false);
    }
}
