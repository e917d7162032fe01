package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.CloudHub;
import io.kedge.cloud.hub.HandlerRegistration;
import io.kedge.cloud.hub.HubSettings;
import io.kedge.cloud.hub.NodeSessionListener;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.cloud.hub.UpstreamHandlers;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ResourceTypes;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The edge resends its reports after a reconnect: a report still queued from the old session must
 * be applied before the resent one, never after it, even with many worker threads.
 */
class ReconnectOrderingTest {

    @Test
    void reportsOfAReplacedSessionAreAppliedBeforeThoseOfTheNewSession() throws Exception {
        Message older = EdgeMessages.statusOf("edge-o", "edge-o", Instant.now().minusSeconds(10));
        Message newer = EdgeMessages.statusOf("edge-o", "edge-o", Instant.now());
        List<String> applied = new CopyOnWriteArrayList<>();
        CountDownLatch olderStarted = new CountDownLatch(1);
        CountDownLatch kubernetesSlow = new CountDownLatch(1);
        ResourceHandler nodeStatus = (nodeName, path, message) -> {
            if (message.id().equals(older.id())) {
                olderStarted.countDown();
                awaitQuietly(kubernetesSlow);
            }
            applied.add(message.id());
            return null;
        };
        HubSettings settings = new HubSettings("127.0.0.1", 0, Duration.ofSeconds(30),
                MessageCodec.DEFAULT_MAX_FRAME_BYTES, 4, 64);
        CloudHub hub = new CloudHub(settings, new UpstreamHandlers().register(
                HandlerRegistration.of(ResourceTypes.NODE_STATUS, Authorization.ownNodeOnly(), nodeStatus)), node -> { },
                NodeSessionListener.NONE);
        hub.start();
        try (FakeNode oldSession = FakeNode.connect(hub.port(), "edge-o")) {
            oldSession.send(older);
            assertThat(olderStarted.await(5, TimeUnit.SECONDS)).isTrue();

            try (FakeNode newSession = FakeNode.connect(hub.port(), "edge-o")) {
                oldSession.awaitClose();
                newSession.send(newer);
                Thread.sleep(300); // room for a wrongly parallel worker to apply the newer report first
                kubernetesSlow.countDown();

                await().atMost(Duration.ofSeconds(5)).until(() -> applied.size() == 2);
                assertThat(applied).containsExactly(older.id(), newer.id());
            }
        } finally {
            kubernetesSlow.countDown();
            hub.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
