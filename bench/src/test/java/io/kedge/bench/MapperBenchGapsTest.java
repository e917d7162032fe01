package io.kedge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the hot-update figure counts a counter's reports: silences, values skipped, values seen again. */
class MapperBenchGapsTest {

    @Test
    void aCounterThatStepsByOneLosesAndRepeatsNothing() {
        MapperBench.Gaps gaps = MapperBench.Gaps.of(List.of(report(0, "7"), report(100, "8"), report(250, "9")));

        assertThat(gaps.lost()).isZero();
        assertThat(gaps.repeated()).isZero();
        assertThat(gaps.longestMillis()).isEqualTo(150);
    }

    @Test
    void skippedValuesCountAsLostAndASecondReportOfAValueAsRepeated() {
        MapperBench.Gaps gaps = MapperBench.Gaps.of(List.of(report(0, "1"), report(100, "4"), report(200, "4"),
                report(700, "3"), report(800, "4")));

        assertThat(gaps.lost()).isEqualTo(2);
        assertThat(gaps.repeated()).isEqualTo(2);
        assertThat(gaps.longestMillis()).isEqualTo(500);
    }

    @Test
    void noReportsAreNoGaps() {
        assertThat(MapperBench.Gaps.of(List.of())).isEqualTo(new MapperBench.Gaps(0, 0, 0, 0));
    }

    private static TwinDocuments.Report report(long millis, String value) {
        return new TwinDocuments.Report(millis * 1_000_000, "a", value);
    }
}
