package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@MockApi
class NodeLifecycleTest {
    static KubernetesClient client;

    @Test
    void aSilentNodeTurnsUnknownAndComesBackReady() throws Exception {
        try (CloudFixture cloud = CloudFixture.start(client, "--node-lifecycle", "on", "--node-grace", "1");
                FakeNode edge = cloud.connect("edge-l")) {
            assertThat(cloud.app().lifecycleOn()).isTrue();
            edge.request(EdgeMessages.register("edge-l"));
            Instant firstTransition = Instant.parse(ready().getLastTransitionTime());

            await().atMost(Duration.ofSeconds(10)).until(() -> "Unknown".equals(ready().getStatus()));
            NodeCondition unknown = ready();
            assertThat(unknown.getReason()).isEqualTo("NodeStatusUnknown");
            assertThat(unknown.getMessage()).isEqualTo("Kubelet stopped posting node status.");
            Instant unknownSince = Instant.parse(unknown.getLastTransitionTime());
            assertThat(unknownSince).isAfter(firstTransition);

            assertThat(edge.request(EdgeMessages.status("edge-l")).operation()).isEqualTo(Operations.RESPONSE);
            NodeCondition back = ready();
            assertThat(back.getStatus()).isEqualTo("True");
            assertThat(Instant.parse(back.getLastTransitionTime()))
                    .isAfter(firstTransition)
                    .isAfterOrEqualTo(unknownSince);
        }
    }

    @Test
    void nodesWithoutTheEdgeRoleAreLeftAlone() throws Exception {
        try (CloudFixture cloud = CloudFixture.start(client, "--node-lifecycle", "on", "--node-grace", "1");
                FakeNode edge = cloud.connect("edge-m")) {
            edge.request(EdgeMessages.register("edge-m"));
            client.nodes().withName("edge-m").edit(n -> {
                n.getMetadata().getLabels().remove(EdgeMessages.EDGE_ROLE_LABEL);
                return n;
            });
            Thread.sleep(2500);
            assertThat(readyOf("edge-m").getStatus()).isEqualTo("True");
        }
    }

    private static NodeCondition ready() {
        return readyOf("edge-l");
    }

    private static NodeCondition readyOf(String name) {
        Node node = client.nodes().withName(name).get();
        return NodeRegistrationTest.ready(node);
    }
}
