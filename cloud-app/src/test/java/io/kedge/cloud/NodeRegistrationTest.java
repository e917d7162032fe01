package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MockApi
class NodeRegistrationTest {
    static KubernetesClient client;
    static CloudFixture cloud;

    @BeforeAll
    static void startCloud() throws Exception {
        cloud = CloudFixture.start(client, "--node-lifecycle", "on");
    }

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }

    @Test
    void aNodeRegistersAndReportsStatus() throws Exception {
        try (FakeNode edge = cloud.connect("edge-1")) {
            Message register = EdgeMessages.register("edge-1");
            Message registered = edge.request(register);
            assertThat(registered.operation()).isEqualTo(Operations.RESPONSE);
            assertThat(registered.parentId()).isEqualTo(register.id());
            assertThat(registered.content().path("metadata").path("name").asText()).isEqualTo("edge-1");
            assertThat(registered.header().resourceVersion()).isNotEmpty();

            Message status = EdgeMessages.status("edge-1");
            Message reported = edge.request(status);
            assertThat(reported.operation()).isEqualTo(Operations.RESPONSE);
            assertThat(reported.parentId()).isEqualTo(status.id());
        }
        Node node = client.nodes().withName("edge-1").get();
        assertThat(node.getMetadata().getLabels()).containsKey(EdgeMessages.EDGE_ROLE_LABEL);
        assertThat(ready(node).getStatus()).isEqualTo("True");
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0-kedge-test");
    }

    @Test
    void registeringAgainMergesLabelsAndKeepsTheTransitionTime() throws Exception {
        Node before;
        try (FakeNode edge = cloud.connect("edge-2")) {
            edge.request(EdgeMessages.register("edge-2"));
            before = client.nodes().withName("edge-2").get();
            client.nodes().withName("edge-2").edit(n -> {
                n.getMetadata().getLabels().put("site", "plant-7");
                return n;
            });
            Message again = edge.request(EdgeMessages.register("edge-2"));
            assertThat(again.operation()).isEqualTo(Operations.RESPONSE);
        }
        Node after = client.nodes().withName("edge-2").get();
        assertThat(after.getMetadata().getLabels())
                .containsEntry("site", "plant-7")
                .containsKey(EdgeMessages.EDGE_ROLE_LABEL);
        assertThat(ready(after).getLastTransitionTime()).isEqualTo(ready(before).getLastTransitionTime());
    }

    @Test
    void statusOfAnUnregisteredNodeIsAnError() throws Exception {
        try (FakeNode edge = cloud.connect("edge-3")) {
            Message status = EdgeMessages.status("edge-3");
            Message reply = edge.request(status);
            assertThat(reply.operation()).isEqualTo(Operations.ERROR);
            assertThat(reply.content().asText()).isEqualTo("node edge-3 is not registered");
        }
        assertThat(client.nodes().withName("edge-3").get()).isNull();
    }

    @Test
    void aRegistrationAndAStatusInOneFrameAreWrittenInTheOrderSent() throws Exception {
        try (FakeNode edge = cloud.connect("edge-4")) {
            Message register = EdgeMessages.register("edge-4");
            Message status = EdgeMessages.status("edge-4");
            MessageCodec codec = new MessageCodec();
            edge.sendRaw("[" + codec.encode(register) + "," + codec.encode(status) + "]");

            assertThat(edge.replyTo(register.id()).operation()).isEqualTo(Operations.RESPONSE);
            assertThat(edge.replyTo(status.id()).operation()).as("the node was registered first")
                    .isEqualTo(Operations.RESPONSE);
        }
    }

    static NodeCondition ready(Node node) {
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }
}
