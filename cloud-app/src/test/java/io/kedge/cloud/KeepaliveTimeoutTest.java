package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import org.junit.jupiter.api.Test;

@MockApi
class KeepaliveTimeoutTest {
    static KubernetesClient client;

    @Test
    void aSilentSessionIsClosedAndAChattyOneStays() throws Exception {
        try (CloudFixture cloud = CloudFixture.start(client, "--node-lifecycle", "on", "--keepalive-timeout", "1");
                FakeNode silent = cloud.connect("edge-silent");
                FakeNode chatty = cloud.connect("edge-chatty")) {
            long start = System.nanoTime();
            while (!silent.isClosed() && System.nanoTime() - start < 5_000_000_000L) {
                chatty.send(EdgeMessages.keepalive());
                Thread.sleep(250);
            }
            FakeNode.Closed closed = silent.awaitClose();
            assertThat(closed.code()).isEqualTo(4001);
            assertThat(closed.reason()).isEqualTo("keepalive timeout");
            // Keep the chatty one talking past another full timeout.
            for (int i = 0; i < 6; i++) {
                chatty.send(EdgeMessages.keepalive());
                Thread.sleep(250);
            }
            assertThat(chatty.isClosed()).isFalse();
            assertThat(cloud.app().hub().isConnected("edge-chatty")).isTrue();
        }
    }
}
