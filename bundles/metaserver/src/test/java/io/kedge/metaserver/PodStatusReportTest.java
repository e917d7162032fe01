package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Edge apps report pod status through the MetaServer; a 200 means the report is in the outbox. */
class PodStatusReportTest {
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<Message> reports = new CopyOnWriteArrayList<>();
    private final AtomicReference<UpstreamOutbox> outbox = new AtomicReference<>();
    private final AtomicReference<String> diskFailure = new AtomicReference<>();
    private RunningServer running;

    @BeforeEach
    void start() throws Exception {
        FakeMetaStore store = new FakeMetaStore();
        store.put(FakeMetaStore.pod("plant", "sensor-1", "node-a", "7", Map.of("app", "sensor")));
        outbox.set(new UpstreamOutbox() {
            @Override
            public void put(String key, Message message) throws OutboxException {
                if (diskFailure.get() != null) {
                    throw new OutboxException(diskFailure.get(), null);
                }
                keys.add(key);
                reports.add(message);
            }

            @Override
            public OutboxStats stats() {
                return new OutboxStats(reports.size(), reports.size(), 0, 0, 0, 0, 0);
            }
        });
        running = RunningServer.start(store, ServerSettings.defaults(), () -> Optional.ofNullable(outbox.get()));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void aMergePatchBecomesAKubeEdgePodStatusReportBeforeTheAnswer() throws Exception {
        HttpResponse<String> answer = patch("sensor-1", "application/merge-patch+json",
                "{\"status\":{\"phase\":\"Running\",\"message\":\"warm\"}}");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode pod = MessageCodec.mapper().readTree(answer.body());
        assertThat(pod.path("metadata").path("name").asText()).isEqualTo("sensor-1");
        assertThat(pod.path("status").path("message").asText()).isEqualTo("warm");

        assertThat(keys).containsExactly("podstatus/plant/sensor-1");
        Message report = reports.get(0);
        assertThat(report.resource()).isEqualTo("plant/podstatus/sensor-1");
        assertThat(report.operation()).isEqualTo("update");
        assertThat(report.content().path("UID").asText()).isEqualTo("uid-plant-sensor-1");
        assertThat(report.content().path("Status").path("phase").asText()).isEqualTo("Running");

        // A second patch builds on the first report, as against the API server.
        patch("sensor-1", "application/strategic-merge-patch+json", "{\"status\":{\"message\":null,\"podIP\":\"10.0.0.9\"}}");
        JsonNode second = reports.get(1).content().path("Status");
        assertThat(second.path("phase").asText()).isEqualTo("Running");
        assertThat(second.has("message")).isFalse();
        assertThat(second.path("podIP").asText()).isEqualTo("10.0.0.9");
    }

    @Test
    void aPutCarriesTheWholeStatus() throws Exception {
        HttpResponse<String> answer = running.send(HttpRequest.newBuilder(statusUri("sensor-1"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"kind\":\"Pod\",\"status\":{\"phase\":\"Failed\"}}")).build());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(reports.get(0).content().path("Status").path("phase").asText()).isEqualTo("Failed");
    }

    @Test
    void badReportsAreRefusedAndNothingIsKept() throws Exception {
        assertThat(patch("ghost", "application/merge-patch+json", "{\"status\":{}}").statusCode()).isEqualTo(404);
        assertThat(patch("sensor-1", "application/merge-patch+json", "{not json").statusCode()).isEqualTo(400);
        assertThat(patch("sensor-1", "application/merge-patch+json", "{\"spec\":{}}").statusCode()).isEqualTo(400);
        assertThat(patch("sensor-1", "application/json-patch+json", "[]").statusCode()).isEqualTo(415);
        assertThat(running.send(HttpRequest.newBuilder(URI.create(running.url() + "/api/v1/namespaces/plant/pods/sensor-1"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(405);
        assertThat(reports).isEmpty();
    }

    @Test
    void withoutADurableOutboxTheReportIsRefusedWith503() throws Exception {
        diskFailure.set("disk full");
        HttpResponse<String> full = patch("sensor-1", "application/merge-patch+json", "{\"status\":{\"phase\":\"Running\"}}");
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.body()).contains("disk full");

        outbox.set(null);
        assertThat(patch("sensor-1", "application/merge-patch+json", "{\"status\":{}}").statusCode()).isEqualTo(503);
        assertThat(reports).isEmpty();
    }

    @Test
    void metricsShowTheStoreAndTheOutbox() throws Exception {
        patch("sensor-1", "application/merge-patch+json", "{\"status\":{\"phase\":\"Running\"}}");
        HttpResponse<String> metrics = running.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body()).contains("kedge_outbox_depth 1\n").contains("kedge_outbox_put_total 1\n")
                .contains("# TYPE kedge_meta_applied_total counter\n")
                .contains("kedge_meta_ignored_total{reason=\"older\"} ");

        outbox.set(null);
        assertThat(running.get("/metrics").body()).doesNotContain("kedge_outbox_depth");
    }

    private HttpResponse<String> patch(String pod, String contentType, String body) throws Exception {
        return running.send(HttpRequest.newBuilder(statusUri(pod)).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private URI statusUri(String pod) {
        return URI.create(running.url() + "/api/v1/namespaces/plant/pods/" + pod + "/status");
    }
}
