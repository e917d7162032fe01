package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@MockApi
class SessionReplacementTest {
    static KubernetesClient client;

    @Test
    void aSecondConnectionReplacesTheFirst() throws Exception {
        try (CloudFixture cloud = CloudFixture.start(client, "--node-lifecycle", "on");
                FakeNode first = cloud.connect("edge-r")) {
            assertThat(first.request(EdgeMessages.register("edge-r")).operation()).isEqualTo(Operations.RESPONSE);
            try (FakeNode second = cloud.connect("edge-r")) {
                FakeNode.Closed closed = first.awaitClose();
                assertThat(closed.code()).isEqualTo(4000);
                assertThat(closed.reason()).isEqualTo("replaced by a newer connection");

                // The old session's close ran by now; it must not have unregistered the new one.
                assertThat(cloud.app().hub().isConnected("edge-r")).isTrue();
                Message status = EdgeMessages.status("edge-r");
                assertThat(second.request(status).operation()).isEqualTo(Operations.RESPONSE);
            }
        }
    }

    @Test
    void shutdownTellsNodesTheCloudIsGoingAway() throws Exception {
        CloudFixture cloud = CloudFixture.start(client, "--node-lifecycle", "on");
        int port = cloud.port();
        try (FakeNode edge = cloud.connect("edge-s")) {
            edge.request(EdgeMessages.register("edge-s"));
            cloud.close();
            FakeNode.Closed closed = edge.awaitClose();
            assertThat(closed.code()).isEqualTo(1001);
            assertThat(closed.reason()).isEqualTo("cloud shutting down");
        } finally {
            cloud.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !isListening(port));
    }

    private static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
