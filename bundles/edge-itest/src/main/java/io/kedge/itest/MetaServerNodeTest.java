package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.api.meta.MetaListener;
import io.kedge.itest.support.EdgeNode;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

/**
 * Pods the cloud sends down land in the MetaManager's store and are listed by the MetaServer over
 * HTTP, as an edge app would read them.
 */
class MetaServerNodeTest extends ConnectedNodeTest {
    private static final String NODE = "itest-metaserver";
    private static final String URL_PROPERTY = "kedge.metaserver.url";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private String url;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void findTheServer() {
        // EdgeNode configured the MetaServer for an ephemeral port.
        url = Poll.valueOf("the MetaServer listening on an ephemeral port", Duration.ofSeconds(15), this::serverUrl);
    }

    @Test
    void podsFromTheCloudAreListedOverHttp() throws Exception {
        cloud.connections().get(0).send(podInsert("default", "web-1", "7"));
        cloud.connections().get(0).send(podInsert("shop", "web-2", "8"));

        Poll.until("both pods listed by the MetaServer", () -> names("/api/v1/pods").containsAll(List.of("web-1", "web-2")));
        JsonNode list = get("/api/v1/namespaces/shop/pods");
        assertThat(list.path("kind").asText()).isEqualTo("PodList");
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("metadata").path("resourceVersion").asLong()).isPositive();
        JsonNode pod = get("/api/v1/namespaces/default/pods/web-1");
        assertThat(pod.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
        assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo(NODE);
    }

    @Test
    void statusReportedWhileTheCloudIsAwaySurvivesAMetaManagerRestartAndArrivesLatestLast() throws Exception {
        cloud.connections().get(0).send(podInsert("plant", "sensor-1", "3"));
        cloud.connections().get(0).send(podInsert("plant", "sensor-2", "4"));
        Poll.until("both pods held", () -> names("/api/v1/namespaces/plant/pods").size() == 2);

        var edgeHub = node.bundle("io.kedge.edgehub");
        edgeHub.stop();
        for (int i = 1; i <= 3; i++) {
            assertThat(reportStatus("sensor-1", "step-" + i)).isEqualTo(200);
        }
        assertThat(reportStatus("sensor-2", "only")).isEqualTo(200);
        assertThat(metric("kedge_outbox_depth")).as("one entry per pod: newer values replaced older").isEqualTo(2);

        var metaManager = node.bundle("io.kedge.metamanager");
        metaManager.stop();
        metaManager.start();
        // The MetaServer restarted with the store it serves, on a new ephemeral port.
        url = Poll.valueOf("the MetaServer back", Duration.ofSeconds(15), this::serverUrl);
        Poll.until("the outbox reopened with both reports", () -> metricOrMinusOne("kedge_outbox_depth") == 2);

        cloud.answerRequests(true);
        edgeHub.start();
        Poll.until("the cloud acknowledged every report", () -> metricOrMinusOne("kedge_outbox_depth") == 0);
        List<String> sensor1 = reportsReceived("sensor-1");
        assertThat(sensor1).as("never an older value after a newer one").isSorted();
        assertThat(sensor1.get(sensor1.size() - 1)).isEqualTo("step-3");
        assertThat(reportsReceived("sensor-2")).containsExactly("only");
        Message report = cloud.received().stream().filter(m -> m.resource().equals("plant/podstatus/sensor-2"))
                .findFirst().orElseThrow();
        assertThat(report.content().path("UID").asText()).isEqualTo("uid-sensor-2");
    }

    private int reportStatus(String pod, String message) throws IOException, InterruptedException {
        String body = "{\"status\":{\"phase\":\"Running\",\"message\":\"" + message + "\"}}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(url + "/api/v1/namespaces/plant/pods/" + pod + "/status"))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private List<String> reportsReceived(String pod) {
        return cloud.received().stream().filter(m -> m.resource().equals("plant/podstatus/" + pod))
                .map(m -> m.content().path("Status").path("message").asText()).toList();
    }

    private long metric(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Long.parseLong(line.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(name + " not in /metrics:\n" + response.body()));
    }

    private long metricOrMinusOne(String name) {
        try {
            return metric(name);
        } catch (Exception | AssertionError e) {
            return -1;
        }
    }

    private Message podInsert(String namespace, String name, String resourceVersion) {
        var pod = MAPPER.createObjectNode();
        pod.put("kind", "Pod").put("apiVersion", "v1");
        pod.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", "uid-" + name)
                .put("resourceVersion", resourceVersion);
        pod.putObject("spec").put("nodeName", NODE).putArray("containers").addObject()
                .put("name", "app").put("image", "busybox");
        return Message.create("edgecontroller", "resource", namespace + "/pod/" + name, "insert", pod)
                .withResourceVersion(resourceVersion);
    }

    private List<String> names(String path) {
        try {
            return get(path).path("items").findValues("metadata").stream().map(m -> m.path("name").asText()).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    /** The URL the MetaServer publishes on its store listener, once it runs with our configuration. */
    private String serverUrl() {
        try {
            Configuration configuration = configAdmin.getConfiguration(EdgeNode.METASERVER_PID, "?");
            if (configuration.getProperties() == null) {
                return null;
            }
            for (ServiceReference<MetaListener> reference
                    : context.getServiceReferences(MetaListener.class, "(" + URL_PROPERTY + "=*)")) {
                String candidate = (String) reference.getProperty(URL_PROPERTY);
                if (!candidate.endsWith(":10550")) {
                    return candidate;
                }
            }
            return null;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
