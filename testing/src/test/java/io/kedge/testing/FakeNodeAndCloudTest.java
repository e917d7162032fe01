package io.kedge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.Acks;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Inventory;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.cloud.CloudConnection;
import io.kedge.testing.cloud.FakeCloud;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.HeldObjects;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The two fakes talk to each other as the edge and the cloud do, on the wire contract of {@code protocol}. */
class FakeNodeAndCloudTest {
    private FakeCloud cloud;

    @BeforeEach
    void start() throws Exception {
        cloud = FakeCloud.start();
    }

    @AfterEach
    void stop() throws Exception {
        cloud.close();
    }

    @Test
    void anHonestNodeAppliesAcksAndAnswersTheInventoryAndItsRequestsAreAnswered() throws Exception {
        HeldObjects store = new HeldObjects();
        store.put("default/configmap/old", "u-0", "3");
        try (FakeNode node = open("n1", FakeNode.named("n1").store(store))) {
            assertThat(cloud.opened()).containsExactly("n1");
            CloudConnection link = cloud.connections().get(0);
            assertThat(link.path()).isEqualTo(FakeNode.eventsPath("n1"));

            Message insert = object(Operations.INSERT, "plant/pod/a", "u-1").withResourceVersion("7");
            Message query = Inventory.query("edgecontroller", "n1");
            link.sendText(MessageCodec.frameOf(List.of(new MessageCodec().encode(insert),
                    new MessageCodec().encode(query))));

            Message answer = cloud.next("n1");
            Message ack = cloud.next("n1");
            assertThat(answer.parentId()).isEqualTo(query.id());
            assertThat(Inventory.decode(answer.content(), 10).entries()).extracting(Inventory.Entry::key)
                    .containsExactlyInAnyOrder("default/configmap/old", "plant/pod/a");
            assertThat(Acks.ids(ack)).containsExactly(insert.id());
            assertThat(link.answerTo(insert.id())).contains(ack);
            assertThat(store.resourceVersion("plant/pod/a")).isEqualTo("7");
            assertThat(node.downstream()).containsExactly(insert, query);

            cloud.answerRequests(true);
            assertThat(node.request(EdgeMessages.status("n1")).operation()).isEqualTo(Operations.RESPONSE);
            assertThat(cloud.next("n1", Operations.UPDATE).resource()).isEqualTo("default/nodestatus/n1");
        }
    }

    @Test
    void aSlowNodeAcksWhatItHeldBackOnceToldTo() throws Exception {
        try (FakeNode node = open("n2", FakeNode.named("n2").acking(false).answeringInventory(false))) {
            Message insert = object(Operations.INSERT, "plant/pod/b", "u-2");
            Message delete = object(Operations.DELETE, "plant/pod/b", "u-2");
            cloud.send("n2", insert);
            cloud.send("n2", delete);
            cloud.send("n2", Inventory.query("edgecontroller", "n2"));
            await().atMost(Duration.ofSeconds(10)).until(() -> node.downstream().size() == 3);
            assertThat(node.store().holds("plant/pod/b")).isFalse();
            assertThat(cloud.connections().get(0).received()).isEmpty();

            node.startAcking();
            assertThat(Acks.ids(cloud.next("n2", Operations.ACK))).containsExactly(insert.id(), delete.id());
        }
    }

    @Test
    void aHostileNodeKeepsEverythingAndAnswersNothing() throws Exception {
        try (FakeNode node = open("n3", FakeNode.named("n3").hostile())) {
            Message insert = object(Operations.INSERT, "plant/pod/c", "u-3");
            cloud.send("n3", insert);
            assertThat(node.awaitMessage(m -> m.id().equals(insert.id()))).isEqualTo(insert);
            assertThat(node.store().size()).isZero();

            node.sendRaw("{not json").get(10, TimeUnit.SECONDS);
            node.sendBatch(List.of(EdgeMessages.keepalive(), EdgeMessages.keepalive()));
            assertThat(cloud.next("n3", Operations.KEEPALIVE).resource()).isEqualTo("node");
            assertThat(cloud.next("n3", Operations.KEEPALIVE).resource()).isEqualTo("node");
            assertThat(cloud.connections().get(0).undecodable()).containsExactly("{not json");
            assertThat(cloud.connections().get(0).received()).hasSize(2);
        }
    }

    @Test
    void aDroppedSessionIsSeenByTheNode() throws Exception {
        try (FakeNode node = open("n4", FakeNode.named("n4"))) {
            cloud.drop("n4");
            assertThat(node.awaitClose()).as("the session ended").isNotNull();
        }
    }

    private FakeNode open(String name, FakeNode.Builder node) throws Exception {
        return node.open(URI.create(cloud.url() + FakeNode.eventsPath(name))).get(10, TimeUnit.SECONDS);
    }

    private static Message object(String operation, String resource, String uid) {
        ObjectNode pod = MessageCodec.mapper().createObjectNode();
        pod.putObject("metadata").put("uid", uid);
        return Message.create("edgecontroller", Groups.RESOURCE, resource, operation, pod);
    }
}
