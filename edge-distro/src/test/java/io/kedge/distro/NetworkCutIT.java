package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TCP path between an edge node and the cloud goes silent (a proxy that swallows every byte and
 * answers no new connection) for {@code -Dkedge.e2e.cut.seconds} (CI: 30; {@code --full}: 60). The
 * node turns Unknown, both ends notice the silence by themselves, and once the path is back the node
 * is Ready again and holds exactly what changed in the API meanwhile.
 */
class NetworkCutIT {
    private static final String NS = "yard";
    private static final String NODE = "cut-node";
    private static final int CUT_SECONDS = Integer.getInteger("kedge.e2e.cut.seconds", 30);
    /** Well inside the cut, so Unknown must show up while it lasts. */
    private static final int GRACE_SECONDS = Math.max(5, CUT_SECONDS / 2);
    private static final Duration CONVERGE = Duration.ofSeconds(120);

    private static KedgeCluster cluster;
    private static BlackholeProxy proxy;
    private static KedgeCluster.EdgeNode edge;

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("netcut", "--node-lifecycle", "on", "--node-grace",
                Integer.toString(GRACE_SECONDS), "--keepalive-timeout", Integer.toString(Math.max(6, GRACE_SECONDS / 2)));
        proxy = BlackholeProxy.start(cluster.hubPort);
        edge = cluster.startEdgeVia(proxy.port(), NODE);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.process().close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSilentLinkMakesTheNodeUnknownAndItConvergesWhenThePathReturns() throws Exception {
        KubernetesClient kube = cluster.kube;
        for (int i = 0; i < 5; i++) {
            kube.pods().inNamespace(NS).resource(pod("before-" + i)).create();
        }
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready()).isEqualTo("True"));
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(edgePods()).isEqualTo(apiPods()));

        Instant cutAt = Instant.now();
        proxy.cut();
        kube.pods().inNamespace(NS).withName("before-0").delete();
        kube.pods().inNamespace(NS).withName("before-1").edit(p -> {
            p.getMetadata().getLabels().put("changed", "during-cut");
            return p;
        });
        for (int i = 0; i < 3; i++) {
            kube.pods().inNamespace(NS).resource(pod("during-" + i)).create();
        }
        await().atMost(Duration.ofSeconds(CUT_SECONDS)).untilAsserted(() -> assertThat(ready()).isEqualTo("Unknown"));
        await().atMost(Duration.ofSeconds(CUT_SECONDS)).untilAsserted(() ->
                assertThat(edge.process().output()).contains("no answer from the cloud"));
        long remaining = Duration.ofSeconds(CUT_SECONDS).minus(Duration.between(cutAt, Instant.now())).toMillis();
        Thread.sleep(Math.max(0, remaining));
        assertThat(proxy.discardedBytes()).as("the cut swallowed traffic").isPositive();
        proxy.restore();

        await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready()).isEqualTo("True"));
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(edgePods()).isEqualTo(apiPods()));
        try (KubernetesClient meta = edge.metaServer()) {
            assertThat(meta.pods().inNamespace(NS).withName("before-1").get().getMetadata().getLabels())
                    .containsEntry("changed", "during-cut");
            assertThat(meta.pods().inNamespace(NS).withName("before-0").get()).isNull();
        }
    }

    private static String ready() {
        var node = cluster.kube.nodes().withName(NODE).get();
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return "";
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse("");
    }

    private static Map<String, String> edgePods() throws Exception {
        try (KubernetesClient meta = edge.metaServer()) {
            return versions(meta.pods().inNamespace(NS).list().getItems());
        }
    }

    private static Map<String, String> apiPods() {
        return versions(cluster.kube.pods().inNamespace(NS).list().getItems());
    }

    private static Map<String, String> versions(List<Pod> pods) {
        return pods.stream().collect(Collectors.toMap(pod -> pod.getMetadata().getName(),
                pod -> pod.getMetadata().getResourceVersion()));
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", "cut")
                .endMetadata().withNewSpec().withNodeName(NODE).addNewContainer().withName("main")
                .withImage("busybox:1.36").endContainer().endSpec().build();
    }
}
