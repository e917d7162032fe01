package io.kedge.distro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Records every pod change an edge node's MetaServer reports, as an edge app watching it would see
 * them; notes anything that could make it miss a change (a gap).
 * A change the node applies twice, or an older version over a newer one, shows up here.
 */
final class PodWatchRecorder implements AutoCloseable {
    record Event(String type, String name, long resourceVersion) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> gaps = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final String fromRevision;
    private volatile boolean closed;

    private PodWatchRecorder(int metaServerPort, String namespace, String fromRevision) {
        this.baseUrl = "http://127.0.0.1:" + metaServerPort + "/api/v1/namespaces/" + namespace + "/pods";
        this.fromRevision = fromRevision;
        this.reader = new Thread(this::watchLoop, "pod-watch-" + metaServerPort);
        reader.setDaemon(true);
    }

    /** Watches from {@code fromRevision} (the revision of a list the caller made). */
    static PodWatchRecorder start(int metaServerPort, String namespace, String fromRevision) {
        PodWatchRecorder recorder = new PodWatchRecorder(metaServerPort, namespace, fromRevision);
        recorder.reader.start();
        return recorder;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<String> gaps() {
        return List.copyOf(gaps);
    }

    /** Pod versions reported more than once: each is a change applied twice. */
    Map<String, Long> repeatedVersions() {
        Map<String, Long> counts = new HashMap<>();
        for (Event event : events) {
            if (!event.type().equals("DELETED")) {
                counts.merge(event.name() + "@" + event.resourceVersion(), 1L, Long::sum);
            }
        }
        counts.values().removeIf(count -> count == 1);
        return counts;
    }

    /** Changes whose version is not newer than the pod's previous one: older over newer. */
    List<String> regressions() {
        Map<String, Long> newest = new HashMap<>();
        List<String> regressions = new ArrayList<>();
        for (Event event : events) {
            Long before = newest.put(event.name(), event.resourceVersion());
            if (before != null && !event.type().equals("ADDED") && event.resourceVersion() <= before) {
                regressions.add(event.name() + ": " + before + " then " + event.resourceVersion());
            }
        }
        return regressions;
    }

    /** One long watch: resuming would replay changes since the last bookmark and count them twice. */
    private void watchLoop() {
        URI uri = URI.create(baseUrl + "?watch=true&timeoutSeconds=3600&resourceVersion=" + fromRevision);
        try {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                gaps.add("watch answered " + response.statusCode());
                return;
            }
            try (Stream<String> lines = response.body()) {
                lines.takeWhile(line -> !closed).forEach(this::record);
            }
            if (!closed) {
                gaps.add("the watch ended before the test did");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!closed) {
                gaps.add("watch failed: " + e);
            }
        }
    }

    private void record(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            JsonNode event = JSON.readTree(line);
            JsonNode metadata = event.path("object").path("metadata");
            String type = event.path("type").asText();
            if (type.equals("ERROR")) {
                gaps.add("error event: " + line);
            } else if (!type.equals("BOOKMARK")) {
                events.add(new Event(type, metadata.path("name").asText(),
                        Long.parseLong(metadata.path("resourceVersion").asText())));
            }
        } catch (Exception e) {
            gaps.add("unreadable event: " + line);
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }
}
