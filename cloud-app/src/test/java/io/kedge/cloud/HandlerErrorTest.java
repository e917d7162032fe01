package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedge.cloud.hub.CloseCodes;
import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.CloudHub;
import io.kedge.cloud.hub.HandlerRegistration;
import io.kedge.cloud.hub.HubSettings;
import io.kedge.cloud.hub.NodeSessionListener;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.cloud.hub.UpstreamHandlers;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourceTypes;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An Error in a handler costs the node one reconnect and the process its health; nobody is wedged. */
class HandlerErrorTest {
    private final AtomicBoolean overflow = new AtomicBoolean(true);
    private CloudHub hub;

    @BeforeEach
    void start() throws Exception {
        ResourceHandler nodeStatus = (nodeName, path, message) -> {
            if (overflow.get() && nodeName.equals("edge-deep")) {
                recurse(0);
            }
            return Message.responseTo(message, "test", null);
        };
        hub = new CloudHub(new HubSettings("127.0.0.1", 0, Duration.ofSeconds(30), HubSettings.DEFAULT_MAX_FRAME_BYTES,
                4, 64), new UpstreamHandlers().register(
                HandlerRegistration.of(ResourceTypes.NODE_STATUS, Authorization.ownNodeOnly(), nodeStatus)),
                node -> { }, NodeSessionListener.NONE);
        hub.start();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aStackOverflowClosesThatNodesSessionAndTheNodeIsServedAgainWhenItReconnects() throws Exception {
        assertThat(hub.healthProblems()).isEmpty();
        try (FakeNode deep = FakeNode.connect(hub.port(), "edge-deep");
                FakeNode other = FakeNode.connect(hub.port(), "edge-other")) {
            deep.send(EdgeMessages.status("edge-deep"));

            FakeNode.Closed closed = deep.awaitClose();
            assertThat(closed.code()).isEqualTo(CloseCodes.INTERNAL_ERROR);
            assertThat(hub.healthProblems()).singleElement().asString().contains("StackOverflowError");
            assertThat(other.request(EdgeMessages.status("edge-other")).operation()).isEqualTo(Operations.RESPONSE);
        }
        overflow.set(false);
        try (FakeNode back = FakeNode.connect(hub.port(), "edge-deep")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.isConnected("edge-deep"));
            assertThat(back.request(EdgeMessages.status("edge-deep")).operation()).isEqualTo(Operations.RESPONSE);
        }
        assertThat(hub.healthProblems()).as("an Error is remembered until the process restarts").isNotEmpty();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
