package io.kedge.cloud.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.cloud.edgecontroller.downstream.DeliveryCounters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesCurrentFiguresInPrometheusTextFormat() throws Exception {
        AtomicInteger connected = new AtomicInteger(2);
        CloudMetrics metrics = new CloudMetrics(connected::get, () -> Map.of(
                "edge-a", new DeliveryCounters.Snapshot(10, 8, 1, 3, 1),
                "edge-\"b\"", new DeliveryCounters.Snapshot(0, 0, 0, 0, 0)));
        AtomicBoolean watching = new AtomicBoolean();
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics, watching::get)) {
            HttpResponse<String> first = get(server, "/metrics");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(first.body())
                    .contains("# TYPE kedge_cloud_connected_nodes gauge\nkedge_cloud_connected_nodes 2\n")
                    .contains("kedge_cloud_messages_sent_total{node=\"edge-a\"} 10\n")
                    .contains("kedge_cloud_messages_acked_total{node=\"edge-a\"} 8\n")
                    .contains("kedge_cloud_messages_resent_total{node=\"edge-a\"} 3\n")
                    .contains("kedge_cloud_messages_refused_total{node=\"edge-a\"} 1\n")
                    .contains("kedge_cloud_messages_unacked{node=\"edge-a\"} 1\n")
                    .contains("kedge_cloud_messages_sent_total{node=\"edge-\\\"b\\\"\"} 0\n");
            assertThat(first.body().lines().filter(l -> l.startsWith("# TYPE kedge_cloud_messages_sent_total")))
                    .as("one TYPE line per family").hasSize(1);

            connected.set(5);
            assertThat(get(server, "/metrics").body()).contains("kedge_cloud_connected_nodes 5\n");
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(server, "/readyz").statusCode()).as("not watching yet").isEqualTo(503);
            watching.set(true);
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(server, "/nope").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(server, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void healthAndReadinessFailWithTheReasonWhileThereAreProblems() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        CloudMetrics metrics = new CloudMetrics(() -> 0, Map::of);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics, () -> true, () -> List.copyOf(problems))) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);

            problems.add("the process hit java.lang.OutOfMemoryError: Java heap space");
            HttpResponse<String> health = get(server, "/healthz");
            HttpResponse<String> ready = get(server, "/readyz");

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("OutOfMemoryError");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("OutOfMemoryError");
        }
    }

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(MetricsServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
