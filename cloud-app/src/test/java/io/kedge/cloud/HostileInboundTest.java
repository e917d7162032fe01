package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.auth.NodeIdentity;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.cloud.hub.CloseCodes;
import io.kedge.cloud.hub.HubSettings;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A joined node that sends more than the hub takes: frames over the size limit, or frames faster than
 * the cloud applies them. Its session is closed, the heap does not follow, honest nodes go on.
 */
@MockApi
class HostileInboundTest {
    /** Envelopes per flood frame: each one a registration, so the cloud needs a while to apply a frame. */
    private static final int PER_FRAME = 1024;
    private static final long HEAP_SLACK = 96L * 1024 * 1024;

    static KubernetesClient client;
    private static CloudFixture cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudFixture.startSecure(client, "--node-lifecycle", "on");
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void framesOverTheSizeLimitCloseTheSessionEveryTimeAndTheHeapDoesNotFollow() throws Exception {
        NodeIdentity hostile = cloud.identity("hostile-big");
        // Over the 4 MiB a node may send, under the 8 MiB it could before.
        String sixMegabytes = "{\"pad\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}";
        try (FakeNode honest = honestNode("honest-big")) {
            long before = HeapUse.afterGc();
            for (int i = 0; i < 12; i++) {
                try (FakeNode node = FakeNode.connectHostile(cloud.port(), "hostile-big", hostile.sslContext())) {
                    node.sendRaw(sixMegabytes);
                    // 1009 (message too big), or the connection breaks under the client's unfinished write.
                    FakeNode.Closed closed = node.awaitClose();
                    assertThat(closed.code()).as("closed: %s", closed).isIn(1009, -1);
                    await().atMost(Duration.ofSeconds(10)).until(() -> !cloud.app().hub().isConnected("hostile-big"));
                }
                assertWorks(honest);
            }
            long grown = HeapUse.afterGc() - before;
            assertThat(grown).as("heap grown by %d MiB", HeapUse.mebibytes(grown)).isLessThan(HEAP_SLACK);
        }
    }

    @Test
    void framesFasterThanTheCloudAppliesThemCloseTheSessionAtItsByteBudget() throws Exception {
        NodeIdentity hostile = cloud.identity("hostile-flood");
        String frame = floodFrame("hostile-flood");
        assertThat(frame.length()).isBetween(HubSettings.DEFAULT_MAX_FRAME_BYTES - 200_000,
                HubSettings.DEFAULT_MAX_FRAME_BYTES);
        try (FakeNode honest = honestNode("honest-flood");
                FakeNode node = FakeNode.connectHostile(cloud.port(), "hostile-flood", hostile.sslContext())) {
            long before = HeapUse.afterGc();
            int sent = 0;
            // 40 frames of 4 MiB: 160 MiB, more than the heap the tests run with.
            while (sent < 40 && !node.isClosed()) {
                try {
                    node.sendRaw(frame).get(20, TimeUnit.SECONDS);
                    sent++;
                } catch (Exception closedWhileSending) {
                    break;
                }
            }

            FakeNode.Closed closed = node.awaitClose();
            // -1: the close reached the client while it was still writing, which then fails on the dead socket.
            assertThat(closed.code()).as("closed: %s", closed).isIn(CloseCodes.TRY_AGAIN_LATER, -1);
            if (closed.code() == CloseCodes.TRY_AGAIN_LATER) {
                assertThat(closed.reason()).isEqualTo(CloseCodes.FLOODING_REASON);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !cloud.app().hub().isConnected("hostile-flood"));
            // Counted where the bound is kept (what the client got written first depends on socket buffers):
            // refused once the next frame would not fit, so the queue had come within a frame of the budget.
            assertThat(cloud.app().hub().peakUnappliedBytes()).as("bytes queued before the refusal")
                    .isGreaterThan(HubSettings.DEFAULT_MAX_UNAPPLIED_BYTES - frame.length())
                    .isLessThanOrEqualTo(HubSettings.DEFAULT_MAX_UNAPPLIED_BYTES);
            assertWorks(honest);
            long grown = HeapUse.afterGc() - before;
            assertThat(grown).as("heap grown by %d MiB", HeapUse.mebibytes(grown)).isLessThan(HEAP_SLACK);
        }
    }

    /** A batch of registrations of the node itself, padded to just under the frame limit. */
    private static String floodFrame(String nodeName) throws Exception {
        MessageCodec codec = new MessageCodec(Integer.MAX_VALUE);
        String one = codec.encode(EdgeMessages.register(nodeName));
        int padding = HubSettings.DEFAULT_MAX_FRAME_BYTES / PER_FRAME - one.length() - 64;
        List<String> envelopes = new ArrayList<>();
        for (int i = 0; i < PER_FRAME; i++) {
            Message register = EdgeMessages.register(nodeName);
            ((ObjectNode) register.content()).put("pad", "p".repeat(padding));
            envelopes.add(codec.encode(register));
        }
        return MessageCodec.frameOf(envelopes);
    }

    private static FakeNode honestNode(String name) throws Exception {
        NodeIdentity identity = cloud.identity(name);
        FakeNode node = FakeNode.connectSecure(cloud.port(), name, identity.sslContext());
        assertWorks(node);
        return node;
    }

    private static void assertWorks(FakeNode node) throws Exception {
        assertThat(node.request(EdgeMessages.register(node.nodeName())).operation()).isEqualTo(Operations.RESPONSE);
    }
}
