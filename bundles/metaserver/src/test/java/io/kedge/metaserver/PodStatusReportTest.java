package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.kube.PodStatusPatchExample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Edge apps report pod status through the MetaServer over HTTP; a 200 means the report is in the outbox. */
class PodStatusReportTest {
    private final RecordingOutbox recording = new RecordingOutbox();
    private final AtomicReference<UpstreamOutbox> outbox = new AtomicReference<>(recording);
    private FakeMetaStore store;
    private RunningServer running;

    @BeforeEach
    void start() throws Exception {
        store = new FakeMetaStore();
        store.put(FakeMetaStore.pod("plant", "sensor-1", "node-a", "7", Map.of("app", "sensor")));
        running = RunningServer.start(store, ServerSettings.defaults(), () -> Optional.ofNullable(outbox.get()));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void aMergePatchBecomesAKubeEdgePodStatusReport() throws Exception {
        HttpResponse<String> answer = patch("sensor-1", "application/merge-patch+json",
                "{\"status\":{\"phase\":\"Running\",\"message\":\"warm\"}}");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode pod = json(answer);
        assertThat(pod.path("kind").asText()).isEqualTo("Pod");
        assertThat(pod.path("metadata").path("name").asText()).isEqualTo("sensor-1");
        assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo("node-a");
        assertThat(pod.path("status").path("message").asText()).isEqualTo("warm");

        assertThat(recording.keys).containsExactly("podstatus/plant/sensor-1");
        Message report = recording.reports.get(0);
        assertThat(report.resource()).isEqualTo("plant/podstatus/sensor-1");
        assertThat(report.operation()).isEqualTo("update");
        assertThat(report.group()).isEqualTo("resource");
        assertThat(report.content().path("UID").asText()).isEqualTo("uid-plant-sensor-1");
        assertThat(report.content().path("Name").asText()).isEqualTo("sensor-1");
        assertThat(report.content().path("Status")).isEqualTo(pod.path("status"));
    }

    @Test
    void aPatchBuildsOnTheLastReportAsAgainstTheApiServer() throws Exception {
        patch("sensor-1", "application/merge-patch+json", "{\"status\":{\"phase\":\"Running\",\"message\":\"warm\"}}");
        HttpResponse<String> answer = patch("sensor-1", "application/strategic-merge-patch+json",
                "{\"status\":{\"message\":null,\"podIP\":\"10.0.0.9\",\"conditions\":[{\"type\":\"Ready\"}]}}");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode second = recording.reports.get(1).content().path("Status");
        assertThat(second.path("phase").asText()).isEqualTo("Running");
        assertThat(second.has("message")).as("null removes").isFalse();
        assertThat(second.path("podIP").asText()).isEqualTo("10.0.0.9");
        assertThat(second.path("conditions")).hasSize(1);
        assertThat(json(answer).path("status")).isEqualTo(second);
    }

    @Test
    void aStrategicPatchMergesStatusListsByKeyAsTheStandInApiDoes() throws Exception {
        assertThat(patch("sensor-1", "application/merge-patch+json", PodStatusPatchExample.FIRST).statusCode())
                .isEqualTo(200);
        HttpResponse<String> answer = patch("sensor-1", "application/strategic-merge-patch+json",
                PodStatusPatchExample.STRATEGIC);

        assertThat(answer.statusCode()).isEqualTo(200);
        PodStatusPatchExample.assertExpected(json(answer).path("status"));
        PodStatusPatchExample.assertExpected(recording.reports.get(1).content().path("Status"));
    }

    @Test
    void aMalformedStrategicPatchIsRefusedAndNothingIsKept() throws Exception {
        HttpResponse<String> answer = patch("sensor-1", "application/strategic-merge-patch+json",
                "{\"status\":{\"conditions\":[{\"status\":\"True\"}]}}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("merge key type");
        assertThat(recording.reports).isEmpty();
    }

    @Test
    void theAnswerComesOnlyOnceTheOutboxHasKeptTheReport() throws Exception {
        CountDownLatch disk = new CountDownLatch(1);
        recording.beforeKeeping = disk;

        CompletableFuture<HttpResponse<String>> answer = running.client().sendAsync(
                patchRequest("sensor-1", "application/merge-patch+json", "{\"status\":{\"phase\":\"Running\"}}"),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(answer).as("still writing").isNotDone();

        disk.countDown();
        assertThat(answer.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(recording.reports).hasSize(1);
    }

    @Test
    void aPutCarriesTheWholeStatusOfThisVeryPod() throws Exception {
        HttpResponse<String> answer = put("sensor-1",
                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"sensor-1\"},\"status\":{\"phase\":\"Failed\"}}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(recording.reports.get(0).content().path("Status").toString()).isEqualTo("{\"phase\":\"Failed\"}");

        assertThat(put("sensor-1", "{\"metadata\":{\"name\":\"sensor-2\"},\"status\":{}}").statusCode()).isEqualTo(400);
        assertThat(put("sensor-1", "{\"metadata\":{\"uid\":\"someone-else\"},\"status\":{}}").statusCode())
                .isEqualTo(409);
        assertThat(put("sensor-1", "{\"kind\":\"Pod\"}").statusCode()).isEqualTo(400);
        assertThat(recording.reports).hasSize(1);
    }

    @Test
    void badReportsAreRefusedAndNothingIsKept() throws Exception {
        HttpResponse<String> unknown = patch("ghost", "application/merge-patch+json", "{\"status\":{}}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("kind").asText()).isEqualTo("Status");
        assertThat(patch("sensor-1", "application/merge-patch+json", "{not json").statusCode()).isEqualTo(400);
        assertThat(patch("sensor-1", "application/merge-patch+json", "{\"spec\":{}}").statusCode()).isEqualTo(400);
        assertThat(patch("sensor-1", "application/merge-patch+json", "{\"status\":null}").statusCode()).isEqualTo(400);
        assertThat(patch("sensor-1", "application/json-patch+json", "[]").statusCode()).isEqualTo(415);
        assertThat(running.send(HttpRequest.newBuilder(URI.create(running.url() + "/api/v1/namespaces/plant/pods/sensor-1"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(405);
        assertThat(recording.reports).isEmpty();
    }

    @Test
    void withoutADurableOutboxTheReportIsRefusedWith503AndForgotten() throws Exception {
        patch("sensor-1", "application/merge-patch+json", "{\"status\":{\"message\":\"kept\"}}");
        recording.failure = "disk full";
        HttpResponse<String> full = patch("sensor-1", "application/merge-patch+json",
                "{\"status\":{\"podIP\":\"10.0.0.9\"}}");
        assertThat(full.statusCode()).isEqualTo(503);
        JsonNode status = json(full);
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("code").asInt()).isEqualTo(503);
        assertThat(status.path("message").asText()).contains("disk full");

        outbox.set(null);
        assertThat(patch("sensor-1", "application/merge-patch+json", "{\"status\":{}}").statusCode()).isEqualTo(503);

        outbox.set(recording);
        recording.failure = null;
        patch("sensor-1", "application/merge-patch+json", "{\"status\":{\"phase\":\"Running\"}}");
        assertThat(recording.reports).hasSize(2);
        assertThat(recording.reports.get(1).content().path("Status").has("podIP"))
                .as("the refused report is no base for the next").isFalse();
        assertThat(recording.reports.get(1).content().path("Status").path("message").asText()).isEqualTo("kept");
    }

    @Test
    void aPodRecreatedUnderItsNameStartsFromItsOwnStatus() throws Exception {
        patch("sensor-1", "application/merge-patch+json", "{\"status\":{\"message\":\"old incarnation\"}}");
        store.put(FakeMetaStore.object("pod", """
                {"metadata":{"name":"sensor-1","namespace":"plant","uid":"uid-new","resourceVersion":"9"},
                 "spec":{"nodeName":"node-a"},"status":{"phase":"Pending"}}"""));

        patch("sensor-1", "application/merge-patch+json", "{\"status\":{\"podIP\":\"10.0.0.7\"}}");
        JsonNode report = recording.reports.get(1).content();
        assertThat(report.path("UID").asText()).isEqualTo("uid-new");
        assertThat(report.path("Status").toString()).isEqualTo("{\"phase\":\"Pending\",\"podIP\":\"10.0.0.7\"}");
    }

    @Test
    void theFabric8ClientReportsStatusAsItWouldToKubernetes() throws Exception {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(running.url()).withRequestTimeout(5_000).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            Pod pod = client.pods().inNamespace("plant").withName("sensor-1").get();
            Pod reported = new PodBuilder(pod).editStatus().withPhase("Succeeded").withMessage("done").endStatus().build();

            Pod answered = client.pods().resource(reported).updateStatus();
            assertThat(answered.getStatus().getMessage()).isEqualTo("done");

            Pod patched = client.pods().resource(new PodBuilder(reported).editStatus().withMessage("archived")
                    .endStatus().build()).patchStatus();
            assertThat(patched.getStatus().getPhase()).isEqualTo("Succeeded");
            assertThat(patched.getStatus().getMessage()).isEqualTo("archived");
        }
        assertThat(recording.reports).extracting(r -> r.content().path("Status").path("message").asText())
                .containsExactly("done", "archived");
    }

    private HttpResponse<String> patch(String pod, String contentType, String body) throws Exception {
        return running.send(patchRequest(pod, contentType, body));
    }

    private HttpRequest patchRequest(String pod, String contentType, String body) {
        return HttpRequest.newBuilder(statusUri(pod)).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> put(String pod, String body) throws Exception {
        return running.send(HttpRequest.newBuilder(statusUri(pod)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private URI statusUri(String pod) {
        return URI.create(running.url() + "/api/v1/namespaces/plant/pods/" + pod + "/status");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return MessageCodec.mapper().readTree(response.body());
    }

    /** Keeps what is put, unless told to fail; can hold a put back as a slow disk would. */
    static final class RecordingOutbox implements UpstreamOutbox {
        final List<String> keys = new CopyOnWriteArrayList<>();
        final List<Message> reports = new CopyOnWriteArrayList<>();
        volatile String failure;
        volatile CountDownLatch beforeKeeping;

        @Override
        public void put(String key, Message message) throws OutboxException {
            if (failure != null) {
                throw new OutboxException(failure);
            }
            if (beforeKeeping != null) {
                try {
                    beforeKeeping.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OutboxException("interrupted", e);
                }
            }
            keys.add(key);
            reports.add(message);
        }

        @Override
        public CompletableFuture<Void> putAsync(String key, Message message) {
            try {
                put(key, message);
                return CompletableFuture.completedFuture(null);
            } catch (OutboxException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public OutboxStats stats() {
            return new OutboxStats(reports.size(), reports.size(), 0, 0, 0, 0, 0);
        }
    }
}
