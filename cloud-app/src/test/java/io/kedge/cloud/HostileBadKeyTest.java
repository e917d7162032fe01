package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A joined node reports the status of pods whose key can name no pod, or of another node's pod: the
 * answer is a final refusal (the node's outbox drops it), never an invitation to send it again.
 */
@MockApi
class HostileBadKeyTest {
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
    void aPodStatusForAnInvalidNamespaceOrNameIsRefusedForGood() throws Exception {
        try (FakeNode node = cloud.connectHostile("keys-a")) {
            for (String resource : List.of("../podstatus/x", "default/podstatus/../x", "Bad_NS/podstatus/p",
                    "default/podstatus/a/b", "kube-system\n/podstatus/p", "-x/podstatus/p",
                    "x".repeat(64) + "/podstatus/p")) {
                Message report = Message.create("edged", "resource", resource, Operations.UPDATE,
                        EdgeMessages.podStatus("ns", "p", "", "Running", false).content());
                Message reply = node.request(report);
                assertThat(reply.operation()).as(resource).isEqualTo(Operations.ERROR);
                assertThat(reply.content().asText()).as(resource).startsWith("BAD_RESOURCE");
                assertThat(ErrorReplies.isRetryable(reply)).as(resource).isFalse();
            }
            assertThat(node.request(EdgeMessages.register("keys-a")).operation()).as("the session goes on")
                    .isEqualTo(Operations.RESPONSE);
        }
    }

    @Test
    void theStatusOfAnotherNodesPodIsRefusedForGoodAndLeftAlone() throws Exception {
        client.pods().resource(KubeObjects.pod("plant", "theirs", "keys-other")).create();
        try (FakeNode node = cloud.connectHostile("keys-b")) {
            Message reply = node.request(EdgeMessages.podStatus("plant", "theirs", "", "Failed", false));
            assertThat(reply.content().asText()).startsWith("FORBIDDEN");
            assertThat(ErrorReplies.isRetryable(reply)).isFalse();
        }
        assertThat(client.pods().inNamespace("plant").withName("theirs").get().getStatus()).as("never written")
                .isNull();
    }

}
