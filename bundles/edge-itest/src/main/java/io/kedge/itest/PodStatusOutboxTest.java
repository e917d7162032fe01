package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.itest.support.MetaServerHttp;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * An edge app reports pod status through the MetaServer while the cloud is away; MetaManager (and
 * with it the outbox and the MetaServer) restarts meanwhile. When the cloud is back it gets the
 * latest status of each pod, exactly as reported and once, and its acks empty the outbox.
 */
class PodStatusOutboxTest extends ConnectedNodeTest {
    private static final String NODE = "itest-outbox";
    private static final String NAMESPACE = "outbox-itest";

    private MetaServerHttp metaServer;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void podsHeldAndOutboxEmpty() {
        metaServer = new MetaServerHttp(context, configAdmin);
        cloud.answerRequests(true);
        cloud.connections().get(0).send(podInsert("sensor-1", "uid-sensor-1"));
        cloud.connections().get(0).send(podInsert("sensor-2", "uid-sensor-2"));
        Poll.until("both pods served by the MetaServer", () -> podsListed() == 2);
        metaServer.awaitMetric("reports of earlier tests acknowledged", "kedge_outbox_depth", 0);
    }

    @Test
    void theLatestStatusReportedOfflineReachesTheCloudOnceAfterAMetaManagerRestart() throws Exception {
        cloud.goOffline();
        Poll.until("the node noticed that the cloud is gone", () -> !node.hubHandlerRegistered());

        Map<String, JsonNode> lastAccepted = new HashMap<>();
        for (int step = 1; step <= 3; step++) {
            lastAccepted.put("sensor-1", report("sensor-1", status("Running", "step-" + step)));
        }
        lastAccepted.put("sensor-2", report("sensor-2", status("Succeeded", "only")));
        assertThat(metaServer.metric("kedge_outbox_depth")).as("one entry per pod: newer values replaced older")
                .hasValue(2);

        Bundle metaManager = node.bundle("io.kedge.metamanager");
        metaManager.stop();
        assertThat(Thread.getAllStackTraces().keySet()).as("threads left by the stopped bundle")
                .noneMatch(thread -> (thread.getName().startsWith("kedge-outbox")
                        || thread.getName().startsWith("kedge-metamanager")) && thread.isAlive());
        metaManager.start();
        metaServer.awaitMetric("the outbox reopened with both reports", "kedge_outbox_depth", 2);

        cloud.goOnline();
        Poll.until("the node back online", Duration.ofSeconds(10), node::hubHandlerRegistered);
        metaServer.awaitMetric("every report acknowledged", "kedge_outbox_depth", 0);

        for (String pod : List.of("sensor-1", "sensor-2")) {
            List<Message> received = reportsReceived(pod);
            assertThat(received).as("reports of %s the cloud received", pod).hasSize(1);
            JsonNode content = received.get(0).content();
            assertThat(content.path("Status")).as("as the app reported it").isEqualTo(lastAccepted.get(pod));
            assertThat(content.path("UID").asText()).isEqualTo("uid-" + pod);
            assertThat(content.path("Name").asText()).isEqualTo(pod);
        }
        assertThat(metaServer.metric("kedge_outbox_sent_total")).as("since the restart").hasValue(2);
        assertThat(metaServer.metric("kedge_outbox_acked_total")).hasValue(2);
        assertThat(metaServer.metric("kedge_outbox_refused_total")).hasValue(0);
    }

    /** Reports a status and returns the status the MetaServer answered with (200 only). */
    private JsonNode report(String pod, JsonNode status) throws Exception {
        HttpResponse<String> response = metaServer.patchStatus(NAMESPACE, pod, status);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MetaServerHttp.json(response.body()).path("status");
    }

    private List<Message> reportsReceived(String pod) {
        return cloud.received().stream()
                .filter(m -> m.resource().equals(NAMESPACE + "/podstatus/" + pod) && m.operation().equals(Operations.UPDATE))
                .toList();
    }

    private int podsListed() {
        try {
            return metaServer.get("/api/v1/namespaces/" + NAMESPACE + "/pods").path("items").size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static ObjectNode status(String phase, String message) {
        ObjectNode status = JsonNodeFactory.instance.objectNode().put("phase", phase).put("message", message);
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
        return status;
    }

    private static Message podInsert(String name, String uid) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("kind", "Pod").put("apiVersion", "v1");
        pod.putObject("metadata").put("name", name).put("namespace", NAMESPACE).put("uid", uid)
                .put("resourceVersion", "3");
        pod.putObject("spec").put("nodeName", NODE).putArray("containers").addObject().put("name", "app")
                .put("image", "busybox");
        pod.putObject("status").put("phase", "Pending");
        return Message.create("edgecontroller", "resource", NAMESPACE + "/pod/" + name, Operations.INSERT, pod)
                .withResourceVersion("3");
    }
}
