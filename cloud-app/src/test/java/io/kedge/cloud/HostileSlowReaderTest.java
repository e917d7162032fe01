package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.auth.NodeIdentity;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A joined node that asks and never reads its socket: the replies the cloud owes it are bounded by
 * bytes, then its connection is dropped. The heap does not follow, health stays true, others connect.
 */
@MockApi
class HostileSlowReaderTest {
    private static final int UNSENT_BUDGET = 8 * 1024 * 1024;
    private static final long HEAP_SLACK = 96L * 1024 * 1024;

    static KubernetesClient client;
    private static CloudFixture cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudFixture.startSecure(client, "--node-lifecycle", "on",
                "--max-unsent-bytes", String.valueOf(UNSENT_BUDGET));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void aNodeThatAsksAndNeverReadsLosesItsConnectionAndTheHeapDoesNotFollow() throws Exception {
        NodeIdentity hostile = cloud.identity("hostile-deaf");
        String requests = requestFrame();
        long before = HeapUse.afterGc();
        int sent = 0;
        try (FakeNode node = FakeNode.connectHostile(cloud.port(), "hostile-deaf", hostile.sslContext())) {
            node.stopReading();
            await().atMost(Duration.ofSeconds(10)).until(() -> cloud.app().hub().isConnected("hostile-deaf"));
            // Each frame asks for about 6 MiB of error replies; 400 frames would owe it 2.4 GiB.
            while (sent < 400 && cloud.app().hub().isConnected("hostile-deaf")) {
                try {
                    node.sendRaw(requests).get(20, TimeUnit.SECONDS);
                    sent++;
                } catch (Exception connectionDropped) {
                    break;
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !cloud.app().hub().isConnected("hostile-deaf"));
        }

        assertThat(sent).as("dropped long before it was owed the lot").isLessThan(400);
        long grown = HeapUse.afterGc() - before;
        assertThat(grown).as("heap grown by %d MiB", HeapUse.mebibytes(grown)).isLessThan(HEAP_SLACK);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + cloud.app().metricsPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("the hub itself is fine: %s", health.body()).isEqualTo(200);
        NodeIdentity other = cloud.identity("honest-after");
        try (FakeNode honest = FakeNode.connectSecure(cloud.port(), "honest-after", other.sslContext())) {
            assertThat(honest.request(EdgeMessages.register("honest-after")).operation())
                    .isEqualTo(Operations.RESPONSE);
        }
    }

    /** 64 requests whose error replies each echo a 48 KB resource type twice. */
    private static String requestFrame() throws Exception {
        MessageCodec codec = new MessageCodec(Integer.MAX_VALUE);
        List<String> envelopes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            envelopes.add(codec.encode(Message.create("edged", Groups.RESOURCE,
                    "default/" + "t".repeat(48 * 1024) + "/x-" + i, Operations.QUERY, null)));
        }
        return MessageCodec.frameOf(envelopes);
    }
}
