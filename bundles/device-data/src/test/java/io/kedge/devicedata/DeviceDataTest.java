package io.kedge.devicedata;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reading handed over by DMI is kept whatever its pushMethod, and pushed where its pushMethod says. */
class DeviceDataTest {
    @TempDir
    Path dir;

    @Test
    void everyReadingIsKeptAndPushedPerItsPushMethod() throws Exception {
        DataCounters counters = new DataCounters();
        RecordingPublisher broker = new RecordingPublisher();
        try (ReadingStore store = ReadingStore.open(dir.resolve("r.db"), new Retention(Duration.ofDays(3650), 100))) {
            Recorder recorder = new Recorder(store, 100, counters);
            DeviceData data = new DeviceData(recorder, new MqttPush(() -> Optional.of(broker), counters),
                    new HttpPush(HttpClient.newHttpClient(), 1, Duration.ofSeconds(1), Duration.ofSeconds(1), counters));

            data.reading("default/thermo", "t", "1", 1_000, Map.of());
            data.reading("default/thermo", "t", "2", 2_000, Map.of("mqtt", Map.of("topic", "plant/t")));
            data.reading("default/thermo", "h", "50", 2_000, Map.of("dbMethod", Map.of("influxdb2", Map.of())));
            assertThat(store.count()).as("kept in batches, on the next flush").isZero();
            recorder.flush();

            assertThat(store.history("default/thermo", "t", 0, 10)).extracting(StoredReading::value).containsExactly("1", "2");
            assertThat(store.latest("default/thermo", "h")).map(StoredReading::value).contains("50");
            assertThat(broker.published).extracting(RecordingPublisher.Published::topic).containsExactly("plant/t");
            assertThat(counters.stored.get()).isEqualTo(3);
        }
    }

    @Test
    void beyondTheWriteQueueReadingsAreCountedNotKept() throws Exception {
        DataCounters counters = new DataCounters();
        try (ReadingStore store = ReadingStore.open(dir.resolve("r.db"), new Retention(Duration.ofDays(3650), 100))) {
            Recorder recorder = new Recorder(store, 2, counters);
            for (int i = 0; i < 5; i++) {
                recorder.offer(new StoredReading("default/d", "p", Integer.toString(i), i));
            }
            recorder.flush();
            assertThat(store.count()).isEqualTo(2);
            assertThat(counters.storeDropped.get()).isEqualTo(3);
        }
    }
}
