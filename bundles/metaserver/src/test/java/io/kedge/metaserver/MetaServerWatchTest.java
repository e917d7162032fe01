package io.kedge.metaserver;

import static io.kedge.metaserver.MetaServerHttpTest.awaitWatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MessageCodec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watches over plain HTTP: initial events, resuming from a list, expiry, selections, limits, bookmarks. */
class MetaServerWatchTest {
    private final FakeMetaStore store = new FakeMetaStore();
    private RunningServer running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void watchWithoutVersionStartsWithEveryObjectThenLiveChanges() throws Exception {
        store.put(FakeMetaStore.pod("default", "a", "n1", "1", Map.of()));
        running = RunningServer.start(store, ServerSettings.defaults());
        CompletableFuture<List<JsonNode>> events = watch("/api/v1/pods?watch=true&timeoutSeconds=2");
        awaitWatches(running, 1);
        store.put(FakeMetaStore.pod("default", "b", "n1", "2", Map.of()));
        assertThat(types(events.get())).containsExactly("ADDED a", "ADDED b");
        assertThat(events.get().get(0).path("object").path("kind").asText()).isEqualTo("Pod");
    }

    @Test
    void watchResumesAfterTheRevisionOfAList() throws Exception {
        running = RunningServer.start(store, ServerSettings.defaults());
        store.put(FakeMetaStore.pod("default", "a", "n1", "1", Map.of()));
        String listed = revisionOfList("/api/v1/pods");
        store.put(FakeMetaStore.pod("default", "a", "n1", "2", Map.of("x", "y")));
        store.put(FakeMetaStore.pod("default", "b", "n1", "3", Map.of()));
        store.delete("default", "pod", "a");
        List<JsonNode> events = watch("/api/v1/pods?watch=1&timeoutSeconds=1&resourceVersion=" + listed).get();
        assertThat(types(events)).containsExactly("MODIFIED a", "ADDED b", "DELETED a");
        assertThat(events.get(0).path("object").path("metadata").path("resourceVersion").asText()).isEqualTo("2");
    }

    @Test
    void tooOldOrForeignResourceVersionIsExpired() throws Exception {
        running = RunningServer.start(store, ServerSettings.defaults().withWatchLimits(10, 100, 2));
        for (int i = 0; i < 5; i++) {
            store.put(FakeMetaStore.pod("default", "p" + i, "n1", "1", Map.of()));
        }
        HttpResponse<String> old = running.get("/api/v1/pods?watch=true&resourceVersion=1");
        assertThat(old.statusCode()).isEqualTo(410);
        assertThat(old.body()).contains("\"reason\":\"Expired\"");
        // a cloud resourceVersion is not a revision of ours: relist rather than wait for it
        assertThat(running.get("/api/v1/pods?watch=true&resourceVersion=99999").statusCode()).isEqualTo(410);
        assertThat(running.get("/api/v1/pods?watch=true&resourceVersion=abc").statusCode()).isEqualTo(400);
        assertThat(types(watch("/api/v1/pods?watch=true&timeoutSeconds=1&resourceVersion=4").get()))
                .containsExactly("ADDED p4");
    }

    @Test
    void objectsLeavingOrEnteringASelectionAreDeletedOrAdded() throws Exception {
        running = RunningServer.start(store, ServerSettings.defaults());
        store.put(FakeMetaStore.pod("default", "a", "n1", "1", Map.of("app", "web")));
        store.put(FakeMetaStore.pod("shop", "s", "n2", "1", Map.of("app", "web")));
        CompletableFuture<List<JsonNode>> events = watch(
                "/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=2&labelSelector=app%3Dweb");
        awaitWatches(running, 1);
        store.put(FakeMetaStore.pod("default", "a", "n1", "2", Map.of("app", "db")));
        store.put(FakeMetaStore.pod("default", "a", "n1", "3", Map.of("app", "web")));
        store.put(FakeMetaStore.pod("shop", "s", "n2", "2", Map.of("app", "web", "v", "2")));
        store.put(FakeMetaStore.pod("default", "other", "n1", "4", Map.of("app", "db")));
        assertThat(types(events.get())).containsExactly("ADDED a", "DELETED a", "ADDED a");
    }

    @Test
    void bookmarksCarryTheStoreRevision() throws Exception {
        running = RunningServer.start(store, ServerSettings.defaults().withBookmarkEvery(Duration.ofMillis(200)));
        store.put(FakeMetaStore.pod("default", "a", "n1", "1", Map.of()));
        store.put(FakeMetaStore.object("configmap", "{\"metadata\":{\"name\":\"c\",\"namespace\":\"default\"}}"));
        List<JsonNode> events = watch("/api/v1/pods?watch=true&timeoutSeconds=1&allowWatchBookmarks=true").get();
        JsonNode bookmark = events.stream().filter(e -> e.path("type").asText().equals("BOOKMARK")).findFirst()
                .orElseThrow();
        assertThat(bookmark.path("object").path("metadata").path("resourceVersion").asText()).isEqualTo("2");
    }

    @Test
    void tooManyWatchesAreRefused() throws Exception {
        running = RunningServer.start(store, ServerSettings.defaults().withWatchLimits(1, 100, 100));
        CompletableFuture<List<JsonNode>> first = watch("/api/v1/pods?watch=true&timeoutSeconds=2");
        awaitWatches(running, 1);
        assertThat(running.get("/api/v1/pods?watch=true").statusCode()).isEqualTo(429);
        first.get();
        assertThat(running.get("/api/v1/pods").statusCode()).isEqualTo(200);
    }

    @Test
    void aWatcherThatDoesNotReadIsDisconnectedNotBuffered() throws Exception {
        running = RunningServer.start(store, ServerSettings.defaults().withWatchLimits(1, 20, 100));
        URI uri = URI.create(running.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/pods?watch=true HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitWatches(running, 1);
            int changes = 0;
            while (running.server.openWatches() == 1 && changes < 5_000) {
                store.put(FakeMetaStore.padded(
                        FakeMetaStore.pod("default", "p" + changes % 50, "n1", "" + changes, Map.of()), 20_000));
                changes++;
            }
            assertThat(running.server.openWatches()).as("dropped after %d changes", changes).isZero();
            // its thread and slot are free again: the only watch allowed is available to others
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    running.get("/api/v1/pods?watch=true&timeoutSeconds=1").statusCode() == 200);
            InputStream in = socket.getInputStream();
            in.readAllBytes(); // ends: the server closed the connection
        }
    }

    private CompletableFuture<List<JsonNode>> watch(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(running.url() + path)).GET().build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    try (Stream<String> lines = response.body()) {
                        return lines.map(MetaServerWatchTest::parse).toList();
                    }
                });
    }

    private String revisionOfList(String path) throws Exception {
        return parse(running.get(path).body()).path("metadata").path("resourceVersion").asText();
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().filter(e -> !e.path("type").asText().equals("BOOKMARK"))
                .map(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText())
                .toList();
    }

    private static JsonNode parse(String line) {
        try {
            return MessageCodec.mapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
