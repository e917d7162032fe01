package io.kedge.devicedata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time series: latest, history in time order and bounded, retention by age and by rows, kept across a reopen. */
class ReadingStoreTest {
    private static final String D = "default/thermo";

    @TempDir
    Path dir;

    private ReadingStore open(Duration age, long rows) throws Exception {
        return ReadingStore.open(dir.resolve("readings.db"), new Retention(age, rows));
    }

    @Test
    void latestAndHistoryFollowReadingTime() throws Exception {
        try (ReadingStore store = open(Duration.ofDays(1), 1_000)) {
            store.add(List.of(new StoredReading(D, "t", "21", 2_000), new StoredReading(D, "t", "20", 1_000),
                    new StoredReading(D, "t", "22", 3_000), new StoredReading(D, "h", "50", 5_000),
                    new StoredReading("default/other", "t", "99", 9_000)));

            assertThat(store.latest(D, "t")).contains(new StoredReading(D, "t", "22", 3_000));
            assertThat(store.latest(D, "nope")).isEmpty();
            assertThat(store.history(D, "t", 0, 10)).extracting(StoredReading::value).containsExactly("20", "21", "22");
            assertThat(store.history(D, "t", 2_000, 10)).extracting(StoredReading::value).containsExactly("21", "22");
            assertThat(store.history(D, "t", 0, 2)).extracting(StoredReading::value).containsExactly("20", "21");
            assertThat(store.knows(D)).isTrue();
            assertThat(store.knows("default/ghost")).isFalse();
        }
        try (ReadingStore reopened = open(Duration.ofDays(1), 1_000)) {
            assertThat(reopened.count()).isEqualTo(5);
        }
    }

    @Test
    void retentionDropsWhatIsTooOldThenTheOldestBeyondTheRowBound() throws Exception {
        try (ReadingStore store = open(Duration.ofSeconds(10), 5)) {
            List<StoredReading> readings = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                readings.add(new StoredReading(D, "t", Integer.toString(i), 1_000L * i)); // 0 s .. 19 s
            }
            store.add(readings);

            // now = 20 s: older than 10 s (0..9) go by age, then 10..19 are ten rows for a bound of five
            assertThat(store.prune(20_000)).isEqualTo(15);
            assertThat(store.count()).isEqualTo(5);
            assertThat(store.history(D, "t", 0, 100)).extracting(StoredReading::value)
                    .containsExactly("15", "16", "17", "18", "19");
            assertThat(store.prune(20_000)).isZero();
        }
    }

    @Test
    void valuesAreKeptAsTheyCame() throws Exception {
        String odd = "\"quoted\" <b>&amp;</b> ' ; DROP TABLE readings; -- ünï\u0000";
        try (ReadingStore store = open(Duration.ofDays(1), 10)) {
            store.add(List.of(new StoredReading(D, "t", odd, 1)));
            assertThat(store.latest(D, "t")).map(StoredReading::value).contains(odd);
        }
    }
}
