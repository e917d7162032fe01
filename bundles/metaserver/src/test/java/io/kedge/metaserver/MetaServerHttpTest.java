package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MessageCodec;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP surface over plain HTTP: discovery, list, get, errors and selectors. */
class MetaServerHttpTest {
    private RunningServer running;
    private FakeMetaStore store;

    @BeforeEach
    void start() throws Exception {
        store = new FakeMetaStore();
        store.put(FakeMetaStore.pod("default", "web-1", "node-a", "101", Map.of("app", "web", "tier", "front")));
        store.put(FakeMetaStore.pod("default", "db-1", "node-b", "102", Map.of("app", "db")));
        store.put(FakeMetaStore.pod("shop", "web-2", "node-a", "103", Map.of("app", "web")));
        store.put(FakeMetaStore.object("secret",
                "{\"metadata\":{\"name\":\"token\",\"namespace\":\"default\"},\"data\":{\"k\":\"dg==\"}}"));
        store.put(FakeMetaStore.object("node",
                "{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"node-a\",\"uid\":\"n1\"}}"));
        running = RunningServer.start(store, ServerSettings.defaults());
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void discoveryDescribesWhatTheNodeServes() throws Exception {
        assertThat(json("/version").path("gitVersion").asText()).contains("kedge");
        assertThat(json("/api").path("versions").toString()).isEqualTo("[\"v1\"]");
        assertThat(json("/apis").path("groups").get(0).path("preferredVersion").path("groupVersion").asText())
                .isEqualTo("discovery.k8s.io/v1");
        JsonNode core = json("/api/v1");
        assertThat(core.path("kind").asText()).isEqualTo("APIResourceList");
        assertThat(names(core)).containsExactly("pods", "configmaps", "services", "endpoints", "nodes");
        JsonNode pods = core.path("resources").get(0);
        assertThat(pods.path("verbs").toString()).isEqualTo("[\"get\",\"list\",\"watch\"]");
        assertThat(pods.path("shortNames").toString()).isEqualTo("[\"po\"]");
        assertThat(core.path("resources").get(4).path("namespaced").asBoolean()).isFalse();
        assertThat(names(json("/apis/discovery.k8s.io/v1"))).containsExactly("endpointslices");
    }

    @Test
    void listsCarryTheStoreRevisionAndTypedItems() throws Exception {
        JsonNode all = json("/api/v1/pods");
        assertThat(all.path("kind").asText()).isEqualTo("PodList");
        assertThat(all.path("metadata").path("resourceVersion").asText()).isEqualTo(Long.toString(store.revision()));
        assertThat(itemNames(all)).containsExactly("db-1", "web-1", "web-2");
        assertThat(all.path("items").get(0).path("kind").asText()).isEqualTo("Pod");
        assertThat(all.path("items").get(0).path("metadata").path("resourceVersion").asText())
                .as("objects keep the cloud's resourceVersion").isEqualTo("102");
        assertThat(itemNames(json("/api/v1/namespaces/shop/pods"))).containsExactly("web-2");
        assertThat(itemNames(json("/api/v1/nodes"))).containsExactly("node-a");
        assertThat(json("/api/v1/nodes/node-a").path("metadata").path("uid").asText()).isEqualTo("n1");
        assertThat(json("/api/v1/namespaces/default/pods/web-1").path("spec").path("nodeName").asText())
                .isEqualTo("node-a");
        assertThat(itemNames(json("/api/v1/pods?limit=1"))).as("limit is ignored, not an error").hasSize(3);
    }

    @Test
    void selectorsFilterByLabelAndField() throws Exception {
        assertThat(itemNames(json("/api/v1/pods?labelSelector=app%3Dweb"))).containsExactly("web-1", "web-2");
        assertThat(itemNames(json("/api/v1/pods?labelSelector=app%3D%3Dweb,tier"))).containsExactly("web-1");
        assertThat(itemNames(json("/api/v1/pods?labelSelector=app!%3Dweb"))).containsExactly("db-1");
        assertThat(itemNames(json("/api/v1/pods?labelSelector=app%20in%20(db,%20cache)"))).containsExactly("db-1");
        assertThat(itemNames(json("/api/v1/pods?labelSelector=app%20notin%20(db)"))).containsExactly("web-1", "web-2");
        assertThat(itemNames(json("/api/v1/pods?labelSelector=!tier"))).containsExactly("db-1", "web-2");
        assertThat(itemNames(json("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a")))
                .containsExactly("web-1", "web-2");
        assertThat(itemNames(json("/api/v1/pods?fieldSelector=spec.nodeName!%3Dnode-a,metadata.namespace%3Ddefault")))
                .containsExactly("db-1");
        assertThat(itemNames(json("/api/v1/pods?fieldSelector=metadata.name%3D%3Dweb-2"))).containsExactly("web-2");
    }

    @Test
    void fieldSelectorsReadAsOnAnApiServer() throws Exception {
        assertThat(itemNames(json("/api/v1/pods?fieldSelector=metadata.name%3Dweb-2,"))).as("empty terms are skipped")
                .containsExactly("web-2");
        assertStatus(running.get("/api/v1/pods?fieldSelector=metadata.name%3Dweb%3D2"), 400, "BadRequest");
        assertThat(itemNames(json("/api/v1/pods?fieldSelector=metadata.name%3Dweb%5C%3D2"))).as("escaped '='")
                .isEmpty();
    }

    @Test
    void errorsAreKubernetesStatuses() throws Exception {
        assertStatus(running.get("/api/v1/namespaces/default/pods/nope"), 404, "NotFound");
        assertStatus(running.get("/api/v1/widgets"), 404, "NotFound");
        assertStatus(running.get("/api/v1/pods?labelSelector=app%20in%20(web"), 400, "BadRequest");
        assertStatus(running.get("/api/v1/pods?labelSelector=%25%25bad"), 400, "BadRequest");
        assertStatus(running.get("/api/v1/pods?fieldSelector=spec.hostname%3Dx"), 400, "BadRequest");
        HttpResponse<String> delete = running.send(HttpRequest.newBuilder(
                URI.create(running.url() + "/api/v1/namespaces/default/pods/web-1")).DELETE().build());
        assertStatus(delete, 405, "MethodNotAllowed");
        assertThat(delete.body()).contains("MetaServer is read-only");
        HttpResponse<String> post = running.send(HttpRequest.newBuilder(URI.create(running.url() + "/api/v1/pods"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertStatus(post, 405, "MethodNotAllowed");
    }

    @Test
    void secretsAreNeitherListedNorDiscoverableUnlessEnabled() throws Exception {
        assertStatus(running.get("/api/v1/secrets"), 404, "NotFound");
        assertStatus(running.get("/api/v1/namespaces/default/secrets/token"), 404, "NotFound");
        try (RunningServer withSecrets = RunningServer.start(store, ServerSettings.defaults().withSecrets(true))) {
            HttpResponse<String> list = withSecrets.get("/api/v1/namespaces/default/secrets");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"token\"").contains("\"kind\":\"SecretList\"");
            assertThat(names(MessageCodec.mapper().readTree(withSecrets.get("/api/v1").body()))).contains("secrets");
        }
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = running.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return MessageCodec.mapper().readTree(response.body());
    }

    private static void assertStatus(HttpResponse<String> response, int code, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(code);
        JsonNode status = MessageCodec.mapper().readTree(response.body());
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("code").asInt()).isEqualTo(code);
        assertThat(status.path("reason").asText()).isEqualTo(reason);
    }

    private static List<String> names(JsonNode resourceList) {
        return resourceList.path("resources").findValuesAsText("name");
    }

    private static List<String> itemNames(JsonNode list) {
        return list.path("items").findValues("metadata").stream().map(m -> m.path("name").asText()).toList();
    }

    static void awaitWatches(RunningServer running, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> running.server.openWatches() == count);
    }
}
