package io.kedge.devicedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths and parameters of the REST API: what parses, and what is refused with a clear message. */
class DataRequestTest {

    @Test
    void latestAndHistoryPaths() throws Exception {
        assertThat(DataRequest.parse("/api/v1/devices/default/thermo-1/temperature", null, 100, 1000))
                .isEqualTo(new DataRequest("default", "thermo-1", "temperature", false, 0, 100));
        assertThat(DataRequest.parse("/api/v1/devices/plant.a/t/t_1/history", "since=1700000000000&limit=5", 100, 1000))
                .isEqualTo(new DataRequest("plant.a", "t", "t_1", true, 1_700_000_000_000L, 5));
        assertThat(DataRequest.parse("/api/v1/devices/ns/d/p/history", "", 100, 1000).limit()).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({"2026-12-03T19:42:00Z,1796326920000", "2026-12-03T20:42:00.5+01:00,1796326920500", "0,0"})
    void sinceIsRfc3339OrEpochMillis(String since, long millis) throws Exception {
        assertThat(DataRequest.since(since)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/v1/devices/default/thermo",
        "/api/v1/devices/default/thermo/t/extra",
        "/api/v1/devices/default/thermo/t/history/x",
        "/api/v1/devices//thermo/t",
        "/api/v1/devices/Default/thermo/t",
        "/api/v1/devices/default/../t",
        "/api/v1/devices/default/th%2Fermo/t",
        "/api/v1/devices/default/thermo/t%00",
        "/api/v1/devices/default/thermo/<script>",
        "/api/v1/device/default/thermo/t",
        "/metrics"})
    void badPathsAreRefused(String path) {
        assertThatThrownBy(() -> DataRequest.parse(path, null, 100, 1000)).isInstanceOf(BadRequest.class)
                .hasMessageMatching("(paths are|namespace|device name|property) .*");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "limit=0|limit must be a whole number from 1 to 1000",
        "limit=1001|limit must be a whole number from 1 to 1000",
        "limit=-1|limit must be a whole number from 1 to 1000",
        "limit=99999999999999|limit must be a whole number from 1 to 1000",
        "since=yesterday|since must be an RFC 3339 time",
        "since=1&since=2|since is given twice",
        "limit=1&limit=2|limit is given twice",
        "order=desc|unknown query parameter"})
    void badParametersAreRefused(String query, String message) {
        assertThatThrownBy(() -> DataRequest.parse("/api/v1/devices/ns/d/p/history", query, 100, 1000))
                .isInstanceOf(BadRequest.class).hasMessageContaining(message);
    }

    @Test
    void theLatestReadingTakesNoParameters() {
        assertThatThrownBy(() -> DataRequest.parse("/api/v1/devices/ns/d/p", "limit=1", 100, 1000))
                .isInstanceOf(BadRequest.class).hasMessageContaining("no query parameters");
    }

    @Test
    void anOverlongQueryIsRefused() {
        assertThatThrownBy(() -> DataRequest.parse("/api/v1/devices/ns/d/p/history", "since=" + "1".repeat(600), 100, 1000))
                .isInstanceOf(BadRequest.class).hasMessageContaining("query longer");
    }
}
