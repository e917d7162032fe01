package io.kedge.devicedata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API over real HTTP on loopback: answers, bounds, errors and escaping. */
class DataApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String D = "default/thermo";

    @TempDir
    Path dir;

    private final ExecutorService requests = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newHttpClient();
    private ReadingStore store;
    private DataServer server;

    @BeforeEach
    void start() throws Exception {
        store = ReadingStore.open(dir.resolve("r.db"), new Retention(Duration.ofDays(3650), 1_000_000));
        server = DataServer.start("127.0.0.1", 0, new DataApi(store, 3, 5), requests);
    }

    @AfterEach
    void stop() {
        server.close();
        requests.shutdownNow();
        store.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void latestReading() throws Exception {
        store.add(List.of(new StoredReading(D, "temperature", "21.5", 1_796_326_920_000L),
                new StoredReading(D, "temperature", "22", 1_796_326_921_000L)));

        HttpResponse<String> response = get("/api/v1/devices/default/thermo/temperature");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("value").asText()).isEqualTo("22");
        assertThat(body.path("timestamp").asText()).isEqualTo("2026-12-03T19:42:01Z");
        assertThat(body.path("timestampMillis").asLong()).isEqualTo(1_796_326_921_000L);
        assertThat(body.path("namespace").asText()).isEqualTo("default");
        assertThat(body.path("name").asText()).isEqualTo("thermo");
    }

    @Test
    void historyFromSinceBoundedByLimit() throws Exception {
        List<StoredReading> readings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            readings.add(new StoredReading(D, "t", "v" + i, 1_000L * i));
        }
        store.add(readings);

        JsonNode page = json(get("/api/v1/devices/default/thermo/t/history?since=1970-01-01T00:00:02Z&limit=4"));
        assertThat(page.path("items").findValuesAsText("value")).containsExactly("v2", "v3", "v4", "v5");
        assertThat(page.path("more").asBoolean()).isTrue();

        JsonNode byDefault = json(get("/api/v1/devices/default/thermo/t/history?since=7000"));
        assertThat(byDefault.path("items").findValuesAsText("value")).containsExactly("v7", "v8", "v9");
        assertThat(byDefault.path("more").asBoolean()).isFalse();

        JsonNode all = json(get("/api/v1/devices/default/thermo/t/history"));
        assertThat(all.path("items")).hasSize(3);

        HttpResponse<String> tooMany = get("/api/v1/devices/default/thermo/t/history?limit=6");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany).path("error").asText()).isEqualTo("limit must be a whole number from 1 to 5");
    }

    @Test
    void badPathsAndParametersGet400WithAJsonError() throws Exception {
        for (String bad : List.of("/api/v1/devices/default/thermo", "/api/v1/devices/default/th%22ermo/t",
                "/api/v1/devices/default/thermo/t/history?since=soon", "/api/v1/devices/default/thermo/t?x=1", "/")) {
            HttpResponse<String> response = get(bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(response).path("error").asText()).as(bad).isNotBlank();
        }
    }

    @Test
    void unknownDevicesAndPropertiesGet404() throws Exception {
        store.add(List.of(new StoredReading(D, "t", "1", 1)));

        HttpResponse<String> device = get("/api/v1/devices/default/ghost/t");
        assertThat(device.statusCode()).isEqualTo(404);
        assertThat(json(device).path("error").asText()).isEqualTo("no readings of device default/ghost");
        assertThat(get("/api/v1/devices/default/ghost/t/history").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/devices/default/thermo/nope").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/devices/default/thermo/nope/history").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyGetIsServed() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v1/devices/default/thermo/t")).POST(HttpRequest.BodyPublishers.ofString("1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void valuesAreEscapedInTheJson() throws Exception {
        String odd = "\"}, \"value\": \"forged\" </script><script>alert(1)</script>\n\\";
        store.add(List.of(new StoredReading(D, "t", odd, 1)));

        HttpResponse<String> response = get("/api/v1/devices/default/thermo/t");

        assertThat(json(response).path("value").asText()).isEqualTo(odd);
        assertThat(response.body()).doesNotContain("\"forged\",").contains("\\\"");
    }
}
