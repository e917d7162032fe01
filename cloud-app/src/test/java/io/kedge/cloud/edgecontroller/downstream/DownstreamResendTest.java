package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.cloud.hub.Downlink;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Object messages a node does not acknowledge come again, with the object's current state, until acked. */
class DownstreamResendTest {
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(300);

    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final DownstreamSync sync = new DownstreamSync(
            new DownstreamSync.Settings(100, Duration.ofSeconds(30), ACK_TIMEOUT, Duration.ofMillis(1200)),
            object -> MessageCodec.mapper().valueToTree(object));

    @BeforeEach
    void connectNode() {
        sync.start((node, message) -> {
            sent.add(message);
            return Downlink.SendResult.SENT;
        });
        sync.upserted(new NodeBuilder().withNewMetadata().withName("n1").withUid("node-uid").withResourceVersion("1")
                .addToLabels(EdgeController.EDGE_ROLE_LABEL, "").endMetadata().build());
        sync.clusterSynced();
        sync.connected("n1", 1);
        Message query = await().until(() -> first(Operations.QUERY, "default/inventory/n1"), m -> m != null);
        ObjectNode emptyInventory = MessageCodec.mapper().createObjectNode();
        emptyInventory.putArray("objects");
        sync.replied("n1", List.of(Message.responseTo(query, "metamanager", emptyInventory)));
        Message node = await().until(() -> first(Operations.INSERT, "default/node/n1"), m -> m != null);
        ack(node);
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    @Test
    void oneAckTakesSeveralMessages() throws Exception {
        sync.upserted(pod("a", "ua", "7"));
        sync.upserted(pod("b", "ub", "8"));
        Message a = await().until(() -> first(Operations.INSERT, "ns/pod/a"), m -> m != null);
        Message b = await().until(() -> first(Operations.INSERT, "ns/pod/b"), m -> m != null);

        sync.acked("n1", List.of(a.id(), b.id(), "no-such-message"));

        await().until(() -> sync.delivery("n1").orElseThrow().unacked() == 0);
        assertThat(sync.delivery("n1").orElseThrow().acked()).isEqualTo(3); // the Node, then both pods
        Thread.sleep(3 * ACK_TIMEOUT.toMillis());
        assertThat(sendsOf("ns/pod/a")).as("acked: never resent").hasSize(1);
        assertThat(sendsOf("ns/pod/b")).hasSize(1);
    }

    @Test
    void anUnackedMessageIsResentWithBackoffUntilAcked() throws Exception {
        sync.upserted(pod("web", "u1", "5"));
        await().until(() -> sendsOf("ns/pod/web").size() >= 3);
        List<Message> attempts = sendsOf("ns/pod/web");
        assertThat(attempts).extracting(m -> m.header().resourceVersion()).containsOnly("5");
        assertThat(attempts).extracting(Message::id).doesNotHaveDuplicates();
        long firstGap = attempts.get(1).header().timestamp() - attempts.get(0).header().timestamp();
        long secondGap = attempts.get(2).header().timestamp() - attempts.get(1).header().timestamp();
        assertThat(firstGap).as("first resend after the ack timeout").isGreaterThanOrEqualTo(ACK_TIMEOUT.toMillis());
        assertThat(secondGap).as("the wait doubles").isGreaterThanOrEqualTo(2 * ACK_TIMEOUT.toMillis() - 50);

        ack(attempts.get(attempts.size() - 1));
        await().until(() -> sync.delivery("n1").orElseThrow().unacked() == 0);
        int afterAck = sendsOf("ns/pod/web").size();
        Thread.sleep(3 * ACK_TIMEOUT.toMillis());
        assertThat(sendsOf("ns/pod/web")).as("nothing after the ack").hasSize(afterAck);
        DeliveryCounters.Snapshot counters = sync.delivery("n1").orElseThrow();
        assertThat(counters.resent()).isEqualTo(afterAck - 1);
        assertThat(counters.acked()).isEqualTo(2); // the Node, then the pod
    }

    @Test
    void aResendCarriesTheNewestVersionAndANewerChangeSupersedesTheOldMessage() {
        sync.upserted(pod("web", "u1", "5"));
        Message first = await().until(() -> first(Operations.INSERT, "ns/pod/web"), m -> m != null);
        sync.upserted(pod("web", "u1", "6"));
        Message update = await().until(() -> first(Operations.UPDATE, "ns/pod/web"), m -> m != null);
        assertThat(update.header().resourceVersion()).isEqualTo("6");
        ack(first); // late ack of the superseded message: changes nothing
        await().until(() -> sendsOf("ns/pod/web").size() >= 3);
        assertThat(sendsOf("ns/pod/web").get(2).header().resourceVersion()).as("resend carries v6").isEqualTo("6");
        assertThat(sync.delivery("n1").orElseThrow().unacked()).isEqualTo(1);
    }

    @Test
    void anUnackedDeleteIsRepeatedAfterTheObjectLeftTheCluster() {
        Pod pod = pod("web", "u1", "5");
        sync.upserted(pod);
        ack(await().until(() -> first(Operations.INSERT, "ns/pod/web"), m -> m != null));
        sync.deleted(pod);
        await().until(() -> sent.stream().filter(m -> Operations.DELETE.equals(m.operation())).count() >= 2);
        List<Message> deletes = sent.stream().filter(m -> Operations.DELETE.equals(m.operation())).toList();
        assertThat(deletes.get(1).content().path("metadata").path("uid").asText()).isEqualTo("u1");
        assertThat(deletes.get(1).resource()).isEqualTo("ns/pod/web");
    }

    @Test
    void aRetryableErrorIsRetriedAndAFinalRefusalIsNot() throws Exception {
        sync.upserted(pod("busy", "u1", "5"));
        sync.upserted(pod("bad", "u2", "5"));
        Message busy = await().until(() -> first(Operations.INSERT, "ns/pod/busy"), m -> m != null);
        Message bad = await().until(() -> first(Operations.INSERT, "ns/pod/bad"), m -> m != null);
        sync.replied("n1", List.of(ErrorReplies.unavailable(busy, "metamanager", "disk busy")));
        sync.replied("n1", List.of(Message.errorTo(bad, "metamanager", "not a pod")));
        await().until(() -> sendsOf("ns/pod/busy").size() >= 2);
        Thread.sleep(3 * ACK_TIMEOUT.toMillis());
        assertThat(sendsOf("ns/pod/bad")).as("a refusal is final").hasSize(1);
        assertThat(sync.delivery("n1").orElseThrow().refused()).isEqualTo(1);
    }

    private void ack(Message message) {
        sync.replied("n1", List.of(Message.responseTo(message, "metamanager", MessageCodec.mapper().createObjectNode())));
    }

    private Message first(String operation, String resource) {
        return sent.stream().filter(m -> operation.equals(m.operation()) && resource.equals(m.resource()))
                .findFirst().orElse(null);
    }

    private List<Message> sendsOf(String resource) {
        return sent.stream().filter(m -> resource.equals(m.resource())).toList();
    }

    private static Pod pod(String name, String uid, String resourceVersion) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(uid)
                .withResourceVersion(resourceVersion).endMetadata().withNewSpec().withNodeName("n1").endSpec().build();
    }
}
