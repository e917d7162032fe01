package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.itest.support.MetaServerHttp;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pods the cloud sends down land in the MetaManager's store and are listed by the MetaServer over
 * HTTP, as an edge app would read them; its /metrics count what was applied and what was ignored.
 */
class MetaServerNodeTest extends ConnectedNodeTest {
    private static final String NODE = "itest-metaserver";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MetaServerHttp metaServer;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void findTheServer() {
        metaServer = new MetaServerHttp(context, configAdmin);
    }

    @Test
    void podsFromTheCloudAreListedOverHttp() throws Exception {
        cloud.connections().get(0).send(podInsert("default", "web-1", "7"));
        cloud.connections().get(0).send(podInsert("shop", "web-2", "8"));

        Poll.until("both pods listed by the MetaServer", () -> names("/api/v1/pods").containsAll(List.of("web-1", "web-2")));
        JsonNode list = metaServer.get("/api/v1/namespaces/shop/pods");
        assertThat(list.path("kind").asText()).isEqualTo("PodList");
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("metadata").path("resourceVersion").asLong()).isPositive();
        JsonNode pod = metaServer.get("/api/v1/namespaces/default/pods/web-1");
        assertThat(pod.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
        assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo(NODE);
    }

    @Test
    void metricsCountEveryChangeAppliedAndEveryRepeatOrOlderOneIgnored() throws Exception {
        String namespace = "metrics-" + Long.toHexString(System.nanoTime());
        long applied = metaServer.metric("kedge_meta_applied_total").orElseThrow();
        long duplicates = ignored("duplicate");
        long older = ignored("older");

        cloud.connections().get(0).send(podInsert(namespace, "counted", "5"));
        cloud.connections().get(0).send(podInsert(namespace, "counted", "5")); // resent: same version
        cloud.connections().get(0).send(podInsert(namespace, "counted", "4")); // overtaken: older version
        cloud.connections().get(0).send(podInsert(namespace, "counted", "6"));

        Poll.until("all four changes counted", () -> metaServer.metric("kedge_meta_applied_total").orElse(0)
                + ignored("duplicate") + ignored("older") == applied + duplicates + older + 4);
        assertThat(metaServer.metric("kedge_meta_applied_total")).hasValue(applied + 2);
        assertThat(ignored("duplicate")).isEqualTo(duplicates + 1);
        assertThat(ignored("older")).isEqualTo(older + 1);
        assertThat(metaServer.get("/api/v1/namespaces/" + namespace + "/pods/counted")
                .path("metadata").path("resourceVersion").asText()).isEqualTo("6");
    }

    private long ignored(String reason) {
        try {
            String prefix = "kedge_meta_ignored_total{reason=\"" + reason + "\"} ";
            return metaServer.send(metaServer.request("/metrics").GET()).body().lines()
                    .filter(line -> line.startsWith(prefix)).findFirst()
                    .map(line -> Long.parseLong(line.substring(prefix.length()).trim()))
                    .orElseThrow(() -> new AssertionError("no " + prefix + "in /metrics"));
        } catch (Exception e) {
            throw new AssertionError(e);
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
            return metaServer.get(path).path("items").findValues("metadata").stream()
                    .map(m -> m.path("name").asText()).toList();
        } catch (Exception e) {
            return List.of();
        }
    }
}
