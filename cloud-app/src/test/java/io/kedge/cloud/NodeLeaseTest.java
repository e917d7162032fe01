package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

@MockApi
class NodeLeaseTest {
    static KubernetesClient client;

    @Test
    void heartbeatsCreateAndRenewTheNodeLease() throws Exception {
        try (CloudFixture cloud = CloudFixture.start(client, "--node-lifecycle", "off");
                FakeNode edge = cloud.connect("edge-lease")) {
            assertThat(cloud.app().lifecycleOn()).isFalse();
            edge.request(EdgeMessages.register("edge-lease"));
            edge.send(EdgeMessages.keepalive());
            await().atMost(Duration.ofSeconds(10)).until(() -> lease() != null);
            Lease first = lease();
            assertThat(first.getSpec().getHolderIdentity()).isEqualTo("edge-lease");
            assertThat(first.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
            assertThat(first.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(owner -> {
                        assertThat(owner.getKind()).isEqualTo("Node");
                        assertThat(owner.getName()).isEqualTo("edge-lease");
                    });
            ZonedDateTime firstRenewal = first.getSpec().getRenewTime();

            // The renewer coalesces heartbeats (300 ms in tests): a status a bit later renews.
            Thread.sleep(400);
            edge.request(EdgeMessages.status("edge-lease"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> lease().getSpec().getRenewTime().isAfter(firstRenewal));
        }
    }

    private static Lease lease() {
        return client.leases().inNamespace("kube-node-lease").withName("edge-lease").get();
    }
}
