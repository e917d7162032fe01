package io.kedge.cloud;

import static io.kedge.cloud.KubeObjects.edgeNode;
import static io.kedge.cloud.KubeObjects.podUsing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.auth.ClusterCa;
import io.kedge.cloud.auth.NodeIdentity;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Acks;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.HeldObjects;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A joined node that names keys it was never sent, in its inventory answer, in queries, or in acks
 * and replies for another node's messages, learns nothing of those objects and changes nothing for
 * their owners. (Before, listing {@code kedge/secret/kedge-ca} in the inventory answer brought the
 * CA private key and the token signing key in a delete, again with every resend.)
 */
@MockApi
class HostileInventoryTest {
    private static final String NS = "hostile-inv";
    private static final String HONEST = "hi-honest";
    private static final Duration RESEND_WAIT = Duration.ofSeconds(60);
    /** Only what a name-only delete may carry. */
    private static final Set<String> DELETE_FIELDS = Set.of("apiVersion", "kind", "metadata");
    private static final Set<String> DELETE_METADATA = Set.of("name", "namespace", "uid", "resourceVersion");

    static KubernetesClient client;
    private static CloudFixture cloud;
    /** Every value an attacker must not see: the CA Secret's data, the honest node's and kube-system's. */
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudFixture.startSecure(client, "--node-lifecycle", "off");
        Secret caSecret = client.secrets().inNamespace(ClusterCa.DEFAULT_NAMESPACE).withName("kedge-ca").get();
        SECRETS.addAll(caSecret.getData().values());
        SECRETS.addAll(List.of("ca.key", "token.key", "BEGIN", "honest-config-value", "kube-system-token-value",
                base64("honest-password"), base64("kube-system-token-value"), "nginx"));

        client.nodes().resource(edgeNode(HONEST)).create();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace(NS).withName("conf")
                .endMetadata().addToData("setting", "honest-config-value").build()).create();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("creds")
                .endMetadata().addToData("password", base64("honest-password")).build()).create();
        client.pods().resource(podUsing(NS, "app", HONEST, "conf", "creds")).create();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("kube-system")
                .withName("sa-token").endMetadata().addToData("token", base64("kube-system-token-value")).build())
                .create();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void keysListedInTheInventoryBringNameOnlyDeletesAlsoWhenResent() throws Exception {
        try (FakeNode honest = connectHonest(new HeldObjects(), true, true);
                FakeNode attacker = connectHostile("hi-thief")) {
            Message query = attacker.awaitMessage(m -> Operations.QUERY.equals(m.operation()));
            ObjectNode inventory = inventory(
                    "kedge/secret/kedge-ca", NS + "/pod/app", NS + "/configmap/conf", NS + "/secret/creds",
                    "kube-system/secret/sa-token", "default/node/" + HONEST);
            ArrayNode entries = (ArrayNode) inventory.get("objects");
            for (String garbage : List.of("", "kedge/secret", "kedge/secret/kedge-ca/x", "../../etc/passwd",
                    "kedge/lease/hi-thief", "default/inventory/" + HONEST, NS + "/pod/" + "x".repeat(5000),
                    "kedge/secret/kedge-ca\u0000\n")) {
                entries.addObject().put("key", garbage).put("uid", "u").put("resourceVersion", "1");
            }
            entries.add(42);
            entries.addObject().put("key", "kedge/secret/huge-uid").put("uid", "u".repeat(10_000));
            attacker.send(Message.responseTo(query, "metamanager", inventory));

            List<Message> received = new ArrayList<>();
            // Through one resend cycle of the unacknowledged deletes (the ack timeout is 15 s).
            await().atMost(RESEND_WAIT).until(() -> {
                received.addAll(attacker.drainReceived());
                return received.stream().filter(m -> isDelete(m, "kedge/secret/kedge-ca")).count() >= 2;
            });

            assertThat(received).filteredOn(m -> Operations.DELETE.equals(m.operation()))
                    .extracting(Message::resource).containsOnly("kedge/secret/kedge-ca", NS + "/pod/app",
                            NS + "/configmap/conf", NS + "/secret/creds", "kube-system/secret/sa-token",
                            "default/node/" + HONEST);
            assertThat(received).extracting(Message::operation).as("nothing but deletes and the query")
                    .containsOnly(Operations.DELETE);
            assertCarriesNothingOf(received);
            received.stream().filter(m -> Operations.DELETE.equals(m.operation())).forEach(delete -> {
                assertThat(fieldNames(delete.content())).isSubsetOf(DELETE_FIELDS);
                assertThat(fieldNames(delete.content().path("metadata"))).isSubsetOf(DELETE_METADATA);
            });

            // The honest node holds its objects as before.
            await().atMost(Duration.ofSeconds(10)).until(() -> honest.store().keys().containsAll(
                    List.of(NS + "/pod/app", NS + "/configmap/conf", NS + "/secret/creds")));
            assertThat(honest.store().keys()).doesNotContain("kedge/secret/kedge-ca", "kube-system/secret/sa-token");
        }
    }

    @Test
    void aNodeCannotAnswerAckOrRefuseAnotherNodesMessages() throws Exception {
        Pod app = client.pods().inNamespace(NS).withName("app").get();
        try (FakeNode honest = connectHonest(new HeldObjects(), false, false);
                FakeNode attacker = connectHostile("hi-forger")) {
            Message honestQuery = await().until(() -> honest.downstream().stream()
                    .filter(m -> Operations.QUERY.equals(m.operation())).findFirst().orElse(null), q -> q != null);
            // Answers the honest node's query as if it held its pod already and something to delete.
            ObjectNode forgedInventory = inventory(NS + "/configmap/not-there");
            ((ArrayNode) forgedInventory.get("objects")).addObject().put("key", NS + "/pod/app")
                    .put("uid", app.getMetadata().getUid()).put("resourceVersion", app.getMetadata().getResourceVersion());
            attacker.send(Message.responseTo(honestQuery, "metamanager", forgedInventory));

            // The honest node never answers: after the inventory timeout (2 s here) it gets everything.
            await().atMost(Duration.ofSeconds(20)).until(() -> honest.downstream(NS + "/").size() >= 3);
            assertThat(honest.downstream(NS + "/")).extracting(m -> m.operation() + " " + m.resource())
                    .containsExactlyInAnyOrder("insert " + NS + "/pod/app", "insert " + NS + "/configmap/conf",
                            "insert " + NS + "/secret/creds");

            List<Message> honestMessages = honest.downstream().stream()
                    .filter(m -> !Operations.QUERY.equals(m.operation())).toList();
            attacker.send(Acks.of("metamanager", honestMessages.stream().map(Message::id).toList()));
            for (Message message : honestMessages) {
                attacker.send(Message.errorTo(message, "metamanager", "refused by another node"));
                attacker.send(Message.responseTo(message, "metamanager", null));
            }
            // Frames of one node are handled in order: once this is answered, all of the above were.
            Message probe = attacker.request(query("kedge/secret/kedge-ca"));
            assertThat(probe.operation()).isEqualTo(Operations.ERROR);

            honest.startAcking();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cloud.app().edgeController().delivery(HONEST).orElseThrow().unacked() == 0);
            var counters = cloud.app().edgeController().delivery(HONEST).orElseThrow();
            assertThat(counters.refused()).as("the forged refusals reached nothing").isZero();
            assertThat(counters.acked()).as("each message acked once, by its own node").isEqualTo(counters.sent());
            assertThat(honest.store().keys()).contains(NS + "/pod/app", NS + "/configmap/conf", NS + "/secret/creds");
            assertCarriesNothingOf(attacker.drainReceived());
        }
    }

    @Test
    void aNodeCannotReadOrWriteObjectsByNamingThem() throws Exception {
        Secret before = client.secrets().inNamespace(ClusterCa.DEFAULT_NAMESPACE).withName("kedge-ca").get();
        try (FakeNode attacker = connectHostile("hi-reader")) {
            List<Message> answers = new ArrayList<>();
            for (String resource : List.of("kedge/secret/kedge-ca", "kedge/secret", "kube-system/secret/sa-token",
                    NS + "/pod/app", NS + "/configmap/conf", NS + "/secret/creds", "default/node/" + HONEST,
                    "node/" + HONEST + "/" + NS + "/secret/creds")) {
                answers.add(attacker.request(query(resource)));
                ObjectNode forged = JsonNodeFactory.instance.objectNode();
                forged.putObject("metadata").put("name", "kedge-ca").put("namespace", "kedge");
                forged.putObject("data").put("ca.key", base64("attacker key"));
                answers.add(attacker.request(Message.create("edged", Groups.RESOURCE, resource, Operations.UPDATE,
                        forged)));
            }

            assertThat(answers).extracting(Message::operation).containsOnly(Operations.ERROR);
            assertCarriesNothingOf(answers);
            assertCarriesNothingOf(attacker.drainReceived());
        }
        Secret after = client.secrets().inNamespace(ClusterCa.DEFAULT_NAMESPACE).withName("kedge-ca").get();
        assertThat(after.getData()).isEqualTo(before.getData());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    }

    private static FakeNode connectHonest(HeldObjects store, boolean acking, boolean answeringInventory)
            throws Exception {
        NodeIdentity identity = cloud.identity(HONEST);
        FakeNode node = FakeNode.named(HONEST).tls(identity.sslContext()).store(store).acking(acking)
                .answeringInventory(answeringInventory).connect(cloud.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.app().hub().isConnected(HONEST));
        return node;
    }

    private static FakeNode connectHostile(String name) throws Exception {
        return cloud.connectHostile(name);
    }

    /** An inventory answer listing {@code keys} with made-up uids and versions. */
    private static ObjectNode inventory(String... keys) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode objects = answer.putArray("objects");
        for (String key : keys) {
            objects.addObject().put("key", key).put("uid", "guessed-uid").put("resourceVersion", "1");
        }
        return answer;
    }

    private static Message query(String resource) {
        return Message.create("metamanager", Groups.RESOURCE, resource, Operations.QUERY,
                JsonNodeFactory.instance.objectNode());
    }

    private static boolean isDelete(Message message, String resource) {
        return Operations.DELETE.equals(message.operation()) && resource.equals(message.resource());
    }

    private static void assertCarriesNothingOf(List<Message> messages) throws Exception {
        MessageCodec codec = new MessageCodec(Integer.MAX_VALUE);
        for (Message message : messages) {
            String json = codec.encode(message);
            for (String secret : SECRETS) {
                assertThat(json).as("message %s %s", message.operation(), message.resource()).doesNotContain(secret);
            }
            assertThat(json).doesNotContain("\"data\"", "\"stringData\"", "\"spec\"", "\"status\"");
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
