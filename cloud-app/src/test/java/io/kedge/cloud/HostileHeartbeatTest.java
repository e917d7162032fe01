package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.auth.ClusterCa;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A node's clock decides nothing: a heartbeat dated far in the future keeps no node Ready, and a
 * Ready left over from before the cloud-app started turns Unknown when the node never comes back.
 */
@MockApi
class HostileHeartbeatTest {
    private static final String GRACE_SECONDS = "2";
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    static KubernetesClient client;

    @Test
    void aHeartbeatFromTheFutureIsStoredAsTheCloudsTimeAndTheSilentNodeTurnsUnknown() throws Exception {
        try (CloudFixture cloud = CloudFixture.startSecure(client, "--node-lifecycle", "on",
                "--node-grace", GRACE_SECONDS)) {
            ClusterCa ca = ClusterCa.loadOrCreate(client, ClusterCa.DEFAULT_NAMESPACE);
            try (FakeNode liar = FakeNode.connectHostile(cloud.port(), "liar",
                    cloud.identity("liar").sslContext())) {
                assertThat(liar.request(EdgeMessages.register("liar")).operation()).isEqualTo(Operations.RESPONSE);
                Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                Message future = EdgeMessages.statusOf("liar", "liar", FAR_FUTURE);
                assertThat(liar.request(future).operation()).isEqualTo(Operations.RESPONSE);

                Instant stored = Instant.parse(ready("liar").getLastHeartbeatTime());
                assertThat(stored).as("the cloud's clock, not the node's").isBetween(before, Instant.now());

                // The node goes on holding its session open but reports nothing more.
                await().atMost(Duration.ofSeconds(30)).until(() -> "Unknown".equals(ready("liar").getStatus()));
            }
        }
    }

    @Test
    void aReadyLeftFromBeforeARestartTurnsUnknownWhenTheNodeNeverComesBack() throws Exception {
        // What an earlier cloud-app (or a lying node under one) left behind: Ready, heartbeats now and far ahead.
        client.nodes().resource(readyNode("gone-future", FAR_FUTURE)).create();
        client.nodes().resource(readyNode("gone-recent", Instant.now())).create();
        Instant started = Instant.now();

        try (CloudFixture cloud = CloudFixture.startSecure(client, "--node-lifecycle", "on",
                "--node-grace", GRACE_SECONDS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "Unknown".equals(ready("gone-future").getStatus())
                    && "Unknown".equals(ready("gone-recent").getStatus()));
            assertThat(Instant.parse(ready("gone-future").getLastTransitionTime()))
                    .as("not before the grace from the cloud-app's start")
                    .isAfterOrEqualTo(started.plusSeconds(Long.parseLong(GRACE_SECONDS)).truncatedTo(ChronoUnit.SECONDS));
        }
    }

    private static Node readyNode(String name, Instant heartbeat) {
        String time = heartbeat.truncatedTo(ChronoUnit.SECONDS).toString();
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels(EdgeMessages.EDGE_ROLE_LABEL, "").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True")
                .withLastHeartbeatTime(time).withLastTransitionTime(time)
                .withReason("EdgeReady").endCondition().endStatus()
                .build();
    }

    private static NodeCondition ready(String name) {
        return NodeRegistrationTest.ready(client.nodes().withName(name).get());
    }
}
