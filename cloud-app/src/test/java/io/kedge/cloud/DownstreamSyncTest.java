package io.kedge.cloud;

import static io.kedge.cloud.KubeObjects.configMap;
import static io.kedge.cloud.KubeObjects.edgeNode;
import static io.kedge.cloud.KubeObjects.endpoints;
import static io.kedge.cloud.KubeObjects.pod;
import static io.kedge.cloud.KubeObjects.podUsing;
import static io.kedge.cloud.KubeObjects.secret;
import static io.kedge.cloud.KubeObjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.HeldObjects;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kubernetes objects reach exactly the edge nodes that need them, and survive disconnects. */
@MockApi
class DownstreamSyncTest {
    /** Long enough for a wrongly sent extra message to arrive before "exactly once" is checked. */
    private static final Duration SETTLE = Duration.ofMillis(700);
    private static final Duration WAIT = Duration.ofSeconds(10);

    static KubernetesClient client;
    static CloudFixture cloud;

    @BeforeAll
    static void startCloud() throws Exception {
        cloud = CloudFixture.start(client, "--node-lifecycle", "off");
    }

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }

    @Test
    void aDeploymentReachesOnlyItsNodeAndFollowsChanges() throws Exception {
        String ns = "shop";
        client.nodes().resource(edgeNode("edge-a")).create();
        client.nodes().resource(edgeNode("edge-b")).create();
        try (FakeNode a = cloud.connect("edge-a"); FakeNode b = cloud.connect("edge-b")) {
            client.configMaps().resource(configMap(ns, "conf")).create();
            client.secrets().resource(secret(ns, "creds")).create();
            for (int i = 0; i < 3; i++) {
                client.pods().resource(podUsing(ns, "web-" + i, "edge-a", "conf", "creds")).create();
            }
            client.services().resource(service(ns, "web")).create();
            client.endpoints().resource(endpoints(ns, "web")).create();

            List<String> forA = List.of(ns + "/pod/web-0", ns + "/pod/web-1", ns + "/pod/web-2",
                    ns + "/configmap/conf", ns + "/secret/creds", ns + "/service/web", ns + "/endpoints/web");
            await().atMost(WAIT).until(() -> a.store().keys().containsAll(forA));
            await().atMost(WAIT).until(() -> b.store().keys().containsAll(List.of(ns + "/service/web",
                    ns + "/endpoints/web")));
            Thread.sleep(SETTLE.toMillis());
            assertThat(countByKey(a.downstream(ns + "/"))).as("each object exactly once on edge-a")
                    .containsOnlyKeys(forA).allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
            assertThat(b.downstream(ns + "/")).extracting(Message::resource)
                    .containsExactlyInAnyOrder(ns + "/service/web", ns + "/endpoints/web");
            assertThat(a.store().keys()).contains("default/node/edge-a").doesNotContain("default/node/edge-b");

            Pod relabelled = client.pods().inNamespace(ns).withName("web-0")
                    .edit(p -> { p.getMetadata().getLabels().put("tier", "front"); return p; });
            Message update = awaitMessage(a, Operations.UPDATE, ns + "/pod/web-0");
            assertThat(update.header().resourceVersion()).isEqualTo(relabelled.getMetadata().getResourceVersion());
            assertThat(update.content().path("metadata").path("labels").path("tier").asText()).isEqualTo("front");

            client.pods().inNamespace(ns).withName("web-0").delete();
            awaitMessage(a, Operations.DELETE, ns + "/pod/web-0");
            client.pods().inNamespace(ns).withName("web-1").delete();
            awaitMessage(a, Operations.DELETE, ns + "/pod/web-1");
            Thread.sleep(SETTLE.toMillis());
            assertThat(a.store().keys()).as("web-2 still uses them").contains(ns + "/configmap/conf", ns + "/secret/creds");

            client.pods().inNamespace(ns).withName("web-2").delete();
            awaitMessage(a, Operations.DELETE, ns + "/configmap/conf");
            awaitMessage(a, Operations.DELETE, ns + "/secret/creds");
            assertThat(a.store().keys()).noneMatch(key -> key.startsWith(ns + "/pod/")
                    || key.startsWith(ns + "/configmap/") || key.startsWith(ns + "/secret/"));
            assertThat(b.downstream(ns + "/")).extracting(Message::resource)
                    .containsExactlyInAnyOrder(ns + "/service/web", ns + "/endpoints/web");
            await().atMost(WAIT).until(() -> cloud.app().edgeController().delivery("edge-a").orElseThrow().acked()
                    == cloud.app().edgeController().delivery("edge-a").orElseThrow().sent());
        }
    }

    @Test
    void servicesOfTheControlPlaneAndTheCloudsNamespaceReachNoNodeByDefault() throws Exception {
        client.nodes().resource(edgeNode("edge-s")).create();
        for (String ns : List.of("kube-system", "kedge", "mesh")) {
            client.services().resource(service(ns, "svc")).create();
            client.endpoints().resource(endpoints(ns, "svc")).create();
        }
        try (FakeNode s = cloud.connect("edge-s")) {
            await().atMost(WAIT).until(() -> s.store().keys().containsAll(List.of("mesh/service/svc",
                    "mesh/endpoints/svc")));
            Thread.sleep(SETTLE.toMillis());
            assertThat(s.store().keys()).noneMatch(key -> key.startsWith("kube-system/") || key.startsWith("kedge/"));
        }
    }

    @Test
    void aReturningNodeGetsOnlyTheDifference() throws Exception {
        String ns = "inv";
        client.nodes().resource(edgeNode("edge-c")).create();
        Pod stale = client.pods().resource(pod(ns, "stale", "edge-c")).create();
        Pod same = client.pods().resource(pod(ns, "same", "edge-c")).create();
        client.pods().resource(pod(ns, "fresh", "edge-c")).create();
        stale = client.pods().inNamespace(ns).withName("stale")
                .edit(p -> { p.getMetadata().getLabels().put("v", "2"); return p; });

        HeldObjects held = new HeldObjects();
        held.put(ns + "/pod/stale", stale.getMetadata().getUid(), "1");
        held.put(ns + "/pod/same", same.getMetadata().getUid(), same.getMetadata().getResourceVersion());
        held.put(ns + "/pod/gone", "uid-of-a-deleted-pod", "7");
        try (FakeNode c = cloud.connect("edge-c", held, true)) {
            await().atMost(WAIT).until(() -> c.downstream(ns + "/").size() >= 3);
            Thread.sleep(SETTLE.toMillis());
            assertThat(c.downstream(ns + "/")).extracting(m -> m.operation() + " " + m.resource())
                    .containsExactlyInAnyOrder("update " + ns + "/pod/stale", "delete " + ns + "/pod/gone",
                            "insert " + ns + "/pod/fresh");
            assertThat(held.resourceVersion(ns + "/pod/stale")).isEqualTo(stale.getMetadata().getResourceVersion());
        }
    }

    @Test
    void aPodDeletedWhileItsNodeWasAwayIsDeletedWhenItReturns() throws Exception {
        String ns = "away";
        client.nodes().resource(edgeNode("edge-d")).create();
        client.pods().resource(pod(ns, "job", "edge-d")).create();
        HeldObjects store = new HeldObjects();
        try (FakeNode d = cloud.connect("edge-d", store, true)) {
            await().atMost(WAIT).until(() -> store.keys().contains(ns + "/pod/job"));
        }
        await().atMost(WAIT).until(() -> !cloud.app().hub().isConnected("edge-d"));
        client.pods().inNamespace(ns).withName("job").delete();
        Thread.sleep(SETTLE.toMillis());

        try (FakeNode d = cloud.connect("edge-d", store, true)) {
            Message delete = awaitMessage(d, Operations.DELETE, ns + "/pod/job");
            assertThat(delete.content().path("metadata").path("name").asText()).isEqualTo("job");
            assertThat(store.keys()).doesNotContain(ns + "/pod/job");
        }
    }

    @Test
    void aNodeThatDoesNotAnswerTheInventoryGetsEverything() throws Exception {
        String ns = "mute";
        client.nodes().resource(edgeNode("edge-m")).create();
        client.pods().resource(pod(ns, "p", "edge-m")).create();
        HeldObjects store = new HeldObjects();
        store.put(ns + "/pod/p", "old-uid", "1");
        try (FakeNode m = FakeNode.named("edge-m").store(store).answeringInventory(false).connect(cloud.port())) {
            // The fixture's inventory timeout is 2 s.
            Message insert = awaitMessage(m, Operations.INSERT, ns + "/pod/p");
            assertThat(insert.content().path("spec").path("nodeName").asText()).isEqualTo("edge-m");
        }
    }

    @Test
    void podStatusIsWrittenOnlyForTheSendersPods() throws Exception {
        String ns = "status";
        client.nodes().resource(edgeNode("edge-e")).create();
        client.nodes().resource(edgeNode("edge-f")).create();
        Pod mine = client.pods().resource(pod(ns, "mine", "edge-e")).create();
        client.pods().resource(pod(ns, "theirs", "edge-f")).create();
        try (FakeNode e = cloud.connect("edge-e")) {
            Message kubeEdgeShape = EdgeMessages.podStatus(ns, "mine", mine.getMetadata().getUid(), "Running", true);
            assertThat(e.request(kubeEdgeShape).operation()).isEqualTo(Operations.RESPONSE);
            assertThat(client.pods().inNamespace(ns).withName("mine").get().getStatus().getPhase())
                    .isEqualTo("Running");

            Message plain = EdgeMessages.podStatus(ns, "mine", "", "Succeeded", false);
            assertThat(e.request(plain).operation()).isEqualTo(Operations.RESPONSE);
            assertThat(client.pods().inNamespace(ns).withName("mine").get().getStatus().getPhase())
                    .isEqualTo("Succeeded");

            Message forged = EdgeMessages.podStatus(ns, "theirs", "", "Failed", false);
            Message refused = e.request(forged);
            assertThat(refused.operation()).isEqualTo(Operations.ERROR);
            assertThat(refused.content().asText()).startsWith("FORBIDDEN");
            assertThat(client.pods().inNamespace(ns).withName("theirs").get().getStatus()).satisfiesAnyOf(
                    status -> assertThat(status).isNull(),
                    status -> assertThat(status.getPhase()).isNotEqualTo("Failed"));
        }
    }

    private static Message awaitMessage(FakeNode edge, String operation, String resource) {
        return await().atMost(WAIT).until(() -> edge.downstream().stream()
                .filter(m -> m.operation().equals(operation) && m.resource().equals(resource))
                .reduce((first, second) -> second).orElse(null), m -> m != null);
    }

    private static Map<String, Long> countByKey(List<Message> messages) {
        return messages.stream().collect(Collectors.groupingBy(Message::resource, Collectors.counting()));
    }
}
