package io.kedge.cloud;

import static io.kedge.cloud.KubeObjects.edgeNode;
import static io.kedge.cloud.KubeObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.cloud.edgecontroller.downstream.DeliveryCounters;
import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.HeldObjects;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node that does not keep up costs a bounded window, then one inventory diff; never a growing queue. */
@MockApi
class SlowNodeTest {
    private static final int WINDOW = 3;
    private static final int PODS = 8;
    private static final Duration WAIT = Duration.ofSeconds(10);

    static KubernetesClient client;
    static CloudFixture cloud;

    @BeforeAll
    static void startCloud() throws Exception {
        cloud = CloudFixture.start(client, "--node-lifecycle", "off", "--send-window", String.valueOf(WINDOW));
    }

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }

    @Test
    void overflowMarksTheNodeForResyncAndTheNextConnectRepairsIt() throws Exception {
        String node = "edge-slow";
        client.nodes().resource(edgeNode(node)).create();
        HeldObjects store = new HeldObjects();
        try (FakeNode slow = cloud.connect(node, store, false)) {
            await().atMost(WAIT).until(() -> slow.downstream().size() > 1);
            createPods("slow", node);
            await().atMost(WAIT).until(() -> objectMessages(slow) == WINDOW);
            // Nothing beyond the window is sent or queued, however long the node stays silent.
            await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> objectMessages(slow) == WINDOW);
            assertThat(delivery(node).unacked()).isEqualTo(WINDOW);
        }
        try (FakeNode back = cloud.connect(node, store, true)) {
            await().atMost(WAIT).until(() -> podsIn(store, "slow") == PODS);
            assertThat(store.keys()).contains("default/node/" + node);
        }
    }

    @Test
    void aSlowNodeThatCatchesUpIsRepairedWithoutReconnecting() throws Exception {
        String node = "edge-lagging";
        client.nodes().resource(edgeNode(node)).create();
        HeldObjects store = new HeldObjects();
        try (FakeNode lagging = cloud.connect(node, store, false)) {
            await().atMost(WAIT).until(() -> lagging.downstream().size() > 1);
            createPods("lag", node);
            await().atMost(WAIT).until(() -> objectMessages(lagging) == WINDOW);
            lagging.startAcking();
            await().atMost(WAIT).until(() -> podsIn(store, "lag") == PODS);
            // The store holds the pods before the cloud has counted the last ack.
            await().atMost(WAIT).until(() -> delivery(node).unacked() == 0);
        }
    }

    private static void createPods(String namespace, String node) {
        IntStream.range(0, PODS).forEach(i -> client.pods().resource(pod(namespace, "p-" + i, node)).create());
    }

    private static long objectMessages(FakeNode edge) {
        return edge.downstream().stream().filter(m -> !"query".equals(m.operation())).count();
    }

    private static long podsIn(HeldObjects store, String namespace) {
        return store.keys().stream().filter(key -> key.startsWith(namespace + "/pod/")).count();
    }

    private static DeliveryCounters.Snapshot delivery(String node) {
        return cloud.app().edgeController().delivery(node).orElseThrow();
    }
}
