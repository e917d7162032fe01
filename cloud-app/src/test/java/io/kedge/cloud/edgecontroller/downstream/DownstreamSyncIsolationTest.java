package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.cloud.hub.Downlink;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a node lists in its inventory or acknowledges never reaches beyond what it is entitled to:
 * deletes name objects without their content, and answers only touch the answering node's state.
 */
class DownstreamSyncIsolationTest {
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(200);
    private static final String CA_KEY = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCg==";

    record Sent(String node, Message message) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final DownstreamSync sync = new DownstreamSync(
            new DownstreamSync.Settings(100, Duration.ofSeconds(30), ACK_TIMEOUT, Duration.ofMillis(400)),
            object -> MessageCodec.mapper().valueToTree(object));

    @BeforeEach
    void cluster() {
        sync.start((node, message) -> {
            sent.add(new Sent(node, message));
            return Downlink.SendResult.SENT;
        });
        sync.upserted(edgeNode("n1"));
        sync.upserted(edgeNode("n2"));
        sync.upserted(new SecretBuilder().withNewMetadata().withNamespace("kedge").withName("kedge-ca")
                .withUid("ca-uid").withResourceVersion("3").endMetadata()
                .addToData("ca.key", CA_KEY).addToData("token.key", CA_KEY).build());
        sync.upserted(new SecretBuilder().withNewMetadata().withNamespace("kube-system").withName("token")
                .withUid("t-uid").withResourceVersion("4").endMetadata().addToData("token", CA_KEY).build());
        sync.upserted(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("their-conf")
                .withUid("c-uid").withResourceVersion("5").endMetadata().addToData("password", "hunter2").build());
        sync.upserted(new PodBuilder().withNewMetadata().withNamespace("ns").withName("theirs").withUid("p-uid")
                .withResourceVersion("6").endMetadata().withNewSpec().withNodeName("n2")
                .addNewVolume().withName("c").withNewConfigMap().withName("their-conf").endConfigMap().endVolume()
                .addNewContainer().withName("app").withImage("private.example/app:secret-tag").endContainer()
                .endSpec().build());
        sync.clusterSynced();
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    @Test
    void keysANodeListsButMayNotHoldGetDeletesWithoutContentAlsoWhenResent() throws Exception {
        connect("n1", Map.of("kedge/secret/kedge-ca", "3", "kube-system/secret/token", "4",
                "ns/pod/theirs", "6", "ns/configmap/their-conf", "5", "ns/lease/x", "1", "not a key", "1"));

        await().until(() -> deletesTo("n1", "kedge/secret/kedge-ca").size() >= 3);
        List<Message> toN1 = sent.stream().filter(s -> s.node().equals("n1")).map(Sent::message).toList();
        assertThat(toN1).extracting(Message::resource).doesNotContain("ns/lease/x", "not a key");
        assertThat(toN1).filteredOn(m -> m.operation().equals(Operations.DELETE))
                .extracting(Message::resource).containsOnly("kedge/secret/kedge-ca", "kube-system/secret/token",
                        "ns/pod/theirs", "ns/configmap/their-conf");
        for (Message message : toN1) {
            String json = new MessageCodec().encode(message);
            assertThat(json).doesNotContain(CA_KEY, "hunter2", "ca.key", "secret-tag", "\"data\"", "\"spec\"");
        }
        assertThat(deletesTo("n1", "kedge/secret/kedge-ca")).allSatisfy(delete ->
                assertThat(delete.content().path("metadata").path("uid").asText()).isEqualTo("x-uid"));
    }

    @Test
    void aNodeCannotAnswerAckOrRefuseForAnother() {
        Message queryOfN2 = connect("n2", null);
        connect("n1", null);

        sync.replied("n1", List.of(Message.responseTo(queryOfN2, "metamanager",
                inventory(Map.of("kedge/secret/kedge-ca", "3", "ns/pod/theirs", "6")))));
        sync.replied("n2", List.of(Message.responseTo(queryOfN2, "metamanager", inventory(Map.of()))));
        Message podOfN2 = await().until(() -> first("n2", Operations.INSERT, "ns/pod/theirs"), m -> m != null);
        sync.acked("n1", List.of(podOfN2.id()));
        sync.replied("n1", List.of(Message.errorTo(podOfN2, "metamanager", "refused by someone else"),
                Message.responseTo(podOfN2, "metamanager", null)));

        await().until(() -> sent.stream().filter(s -> s.node().equals("n2")
                && s.message().resource().equals("ns/pod/theirs")).count() >= 2);
        assertThat(sync.delivery("n2").orElseThrow().acked()).as("n2 acked nothing itself").isZero();
        assertThat(sync.delivery("n2").orElseThrow().refused()).isZero();
        assertThat(sync.delivery("n1").orElseThrow().sent()).isZero();
        assertThat(sent).as("n1 still awaits its own inventory: it got its query and nothing else")
                .filteredOn(s -> s.node().equals("n1")).extracting(s -> s.message().operation())
                .containsExactly(Operations.QUERY);
        assertThat(sent).as("n2's diff came from n2's own empty answer")
                .noneMatch(s -> s.message().operation().equals(Operations.DELETE));
    }

    /** Connects {@code node}; answers the inventory query with {@code held} (key → version) unless null. */
    private Message connect(String node, Map<String, String> held) {
        sync.connected(node, 1);
        Message query = await().until(() -> first(node, Operations.QUERY, "default/inventory/" + node), m -> m != null);
        if (held != null) {
            sync.replied(node, List.of(Message.responseTo(query, "metamanager", inventory(held))));
        }
        return query;
    }

    private static ObjectNode inventory(Map<String, String> held) {
        ObjectNode answer = MessageCodec.mapper().createObjectNode();
        ArrayNode objects = answer.putArray("objects");
        held.forEach((key, version) -> objects.addObject().put("key", key)
                .put("uid", key.endsWith("kedge-ca") ? "x-uid" : "").put("resourceVersion", version));
        return answer;
    }

    private List<Message> deletesTo(String node, String resource) {
        return sent.stream().filter(s -> s.node().equals(node)).map(Sent::message)
                .filter(m -> m.operation().equals(Operations.DELETE) && m.resource().equals(resource)).toList();
    }

    private Message first(String node, String operation, String resource) {
        return sent.stream().filter(s -> s.node().equals(node)).map(Sent::message)
                .filter(m -> operation.equals(m.operation()) && resource.equals(m.resource()))
                .findFirst().orElse(null);
    }

    private static HasMetadata edgeNode(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid(name + "-uid").withResourceVersion("1")
                .addToLabels(EdgeController.EDGE_ROLE_LABEL, "").endMetadata().build();
    }
}
