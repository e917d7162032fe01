package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.cloud.hub.Downlink;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A controller delivers a kind of its own by registering it with an index of which node needs
 * which object, and nothing else: the sync keys, diffs, sends and deletes it like a built-in kind,
 * and its content reaches only the node the index entitles.
 */
class DownstreamSyncExtensionTest {
    private static final String GADGET = GadgetIndex.GADGET;
    private static final String SECRET_SETTING = "pin-4711";

    record Sent(String node, Message message) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final DownstreamSync sync = new DownstreamSync(
            new DownstreamSync.Settings(100, Duration.ofSeconds(30)),
            object -> MessageCodec.mapper().valueToTree(object),
            List.of(new IndexedKinds(List.of(GadgetIndex.GADGETS), new GadgetIndex())));

    @BeforeEach
    void cluster() {
        sync.start((node, message) -> {
            sent.add(new Sent(node, message));
            return Downlink.SendResult.SENT;
        });
        sync.upserted(edgeNode("n1"));
        sync.upserted(edgeNode("n2"));
        sync.upserted(gadget("valve", "n1", "1"));
        sync.clusterSynced();
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    @Test
    void aRegisteredKindIsWatchedKeyedAndSentToTheNodeItsIndexNames() {
        assertThat(sync.kinds().all()).extracting(EdgeKind::resourceType).contains(GADGET, "pod", "node");
        assertThat(sync.kinds().keyOf(gadget("valve", "n1", "1")))
                .contains(ResourcePath.of("plant", GADGET, "valve"));

        connect("n1", Map.of());
        connect("n2", Map.of());

        Message insert = await().until(() -> first("n1", Operations.INSERT, "plant/gadget/valve"), m -> m != null);
        assertThat(insert.content().path("spec").path("setting").asText()).isEqualTo(SECRET_SETTING);
        assertThat(insert.header().resourceVersion()).isEqualTo("1");

        sync.upserted(gadget("valve", "n1", "2"));
        await().until(() -> first("n1", Operations.UPDATE, "plant/gadget/valve"), m -> m != null);

        sync.deleted(gadget("valve", "n1", "2"));
        Message delete = await().until(() -> first("n1", Operations.DELETE, "plant/gadget/valve"), m -> m != null);
        assertThat(delete.content().path("kind").asText()).isEqualTo("Gadget");
        assertThat(delete.content().path("apiVersion").asText()).isEqualTo(GadgetIndex.API_VERSION);
        assertThat(delete.content().has("spec")).isFalse();
        assertThat(sent).filteredOn(s -> s.node().equals("n2"))
                .extracting(s -> s.message().resource()).doesNotContain("plant/gadget/valve");
    }

    @Test
    void aNodeListingAnotherNodesGadgetGetsADeleteWithoutItsContent() throws Exception {
        connect("n2", Map.of("plant/gadget/valve", "1"));

        Message delete = await().until(() -> first("n2", Operations.DELETE, "plant/gadget/valve"), m -> m != null);
        assertThat(new MessageCodec().encode(delete)).doesNotContain(SECRET_SETTING).doesNotContain("\"spec\"");
        assertThat(sent).filteredOn(s -> s.node().equals("n2"))
                .noneMatch(s -> s.message().content().toString().contains(SECRET_SETTING));
    }

    @Test
    void aGadgetForANodeThatIsNoEdgeNodeIsNotSentThoughItsIndexNamesIt() {
        sync.upserted(new NodeBuilder().withNewMetadata().withName("n3").withUid("n3-uid").withResourceVersion("1")
                .endMetadata().build());
        sync.upserted(gadget("pump", "n3", "1"));
        connect("n3", Map.of());
        connect("n1", Map.of());

        await().until(() -> first("n1", Operations.INSERT, "plant/gadget/valve"), m -> m != null);
        assertThat(sent).filteredOn(s -> s.node().equals("n3")).extracting(s -> s.message().operation())
                .containsOnly(Operations.QUERY);
    }

    @Test
    void aKindCannotTakeABuiltInResourceType() {
        EdgeKind secrets = EdgeKind.custom("secret", "example.io/v1", "NotASecret");

        assertThatThrownBy(() -> EdgeKinds.STANDARD.with(List.of(secrets)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
    }

    private void connect(String node, Map<String, String> held) {
        sync.connected(node, 1);
        Message query = await().until(() -> first(node, Operations.QUERY, "default/inventory/" + node), m -> m != null);
        ObjectNode answer = MessageCodec.mapper().createObjectNode();
        ArrayNode objects = answer.putArray("objects");
        held.forEach((key, version) -> objects.addObject().put("key", key).put("uid", "").put("resourceVersion",
                version));
        sync.replied(node, List.of(Message.responseTo(query, "metamanager", answer)));
    }

    private Message first(String node, String operation, String resource) {
        return sent.stream().filter(s -> s.node().equals(node)).map(Sent::message)
                .filter(m -> operation.equals(m.operation()) && resource.equals(m.resource()))
                .findFirst().orElse(null);
    }

    private static GenericKubernetesResource gadget(String name, String node, String version) {
        GenericKubernetesResource gadget = GadgetIndex.gadget("plant", name, node, SECRET_SETTING);
        gadget.getMetadata().setUid(name + "-uid");
        gadget.getMetadata().setResourceVersion(version);
        return gadget;
    }

    private static HasMetadata edgeNode(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid(name + "-uid").withResourceVersion("1")
                .addToLabels(EdgeController.EDGE_ROLE_LABEL, "").endMetadata().build();
    }
}
