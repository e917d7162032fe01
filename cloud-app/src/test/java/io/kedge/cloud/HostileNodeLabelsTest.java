package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A joined node tries to make itself something it is not: NodeRestriction's rules hold, the request
 * is refused for good with FORBIDDEN and nothing of it is written.
 */
@MockApi
class HostileNodeLabelsTest {
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
    void registeringWithALabelOfTheControlPlaneOrKubernetesIsRefused() throws Exception {
        try (FakeNode node = cloud.connectHostile("label-a")) {
            for (String label : new String[] {"node-role.kubernetes.io/control-plane", "kubernetes.io/foo",
                    "node-restriction.kubernetes.io/trusted", "team.k8s.io/owner"}) {
                Message reply = node.request(registration("label-a", labels -> labels.put(label, "")));
                assertForbidden(reply, label);
            }
            assertThat(client.nodes().withName("label-a").get()).as("nothing registered").isNull();
        }
    }

    @Test
    void theKubeletsOwnLabelsAndForeignDomainsAreFineAndTheCloudSetsKedgesRoles() throws Exception {
        try (FakeNode node = cloud.connectHostile("label-b")) {
            Message reply = node.request(registration("label-b", labels -> {
                labels.removeAll();
                labels.put("kubernetes.io/hostname", "label-b").put("topology.kubernetes.io/zone", "z1")
                        .put("node.kubernetes.io/instance-type", "gateway").put("kubelet.kubernetes.io/x", "y")
                        .put("example.com/site", "plant-7");
            }));
            assertThat(reply.operation()).as(reply.content().toString()).isEqualTo(Operations.RESPONSE);
        }
        assertThat(client.nodes().withName("label-b").get().getMetadata().getLabels())
                .containsEntry("example.com/site", "plant-7")
                .containsEntry("topology.kubernetes.io/zone", "z1")
                .containsEntry(EdgeMessages.EDGE_ROLE_LABEL, "")
                .containsEntry("node-role.kubernetes.io/agent", "");
    }

    @Test
    void aRegisteredNodeCannotAddAForbiddenLabelLater() throws Exception {
        try (FakeNode node = cloud.connectHostile("label-c")) {
            assertThat(node.request(EdgeMessages.register("label-c")).operation()).isEqualTo(Operations.RESPONSE);
            Node before = client.nodes().withName("label-c").get();

            assertForbidden(node.request(registration("label-c",
                    labels -> labels.put("node-role.kubernetes.io/control-plane", ""))),
                    "node-role.kubernetes.io/control-plane");

            Node after = client.nodes().withName("label-c").get();
            assertThat(after.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
            assertThat(node.request(EdgeMessages.register("label-c")).operation()).as("the honest one still works")
                    .isEqualTo(Operations.RESPONSE);
        }
    }

    @Test
    void aLabelTheAdminSetMayBeEchoedButNotChanged() throws Exception {
        try (FakeNode node = cloud.connectHostile("label-d")) {
            node.request(EdgeMessages.register("label-d"));
            client.nodes().withName("label-d").edit(n -> {
                n.getMetadata().getLabels().put("kubernetes.io/role", "gateway");
                return n;
            });
            assertThat(node.request(registration("label-d", labels -> labels.put("kubernetes.io/role", "gateway")))
                    .operation()).isEqualTo(Operations.RESPONSE);
            assertForbidden(node.request(registration("label-d", labels -> labels.put("kubernetes.io/role", "master"))),
                    "kubernetes.io/role");
        }
        assertThat(client.nodes().withName("label-d").get().getMetadata().getLabels())
                .containsEntry("kubernetes.io/role", "gateway");
    }

    @Test
    void aNodeCannotRemoveItsTaintsOrSetItsSpec() throws Exception {
        try (FakeNode node = cloud.connectHostile("taint-a")) {
            node.request(EdgeMessages.register("taint-a"));
            client.nodes().withName("taint-a").edit(n -> {
                n.getSpec().getTaints().add(new TaintBuilder().withKey("dedicated").withValue("ml")
                        .withEffect("NoSchedule").build());
                return n;
            });

            assertForbidden(node.request(withSpec("taint-a", spec -> spec.putArray("taints"))), "spec.taints");
            assertForbidden(node.request(withSpec("taint-a", spec -> spec.putArray("taints").addObject()
                    .put("key", "dedicated").put("value", "mine").put("effect", "NoSchedule"))), "spec.taints");
            assertForbidden(node.request(withSpec("taint-a", spec -> spec.put("podCIDR", "10.9.0.0/24"))),
                    "spec.podCIDR");
            assertThat(node.request(EdgeMessages.register("taint-a")).operation()).as("an empty spec changes nothing")
                    .isEqualTo(Operations.RESPONSE);
        }
        Node after = client.nodes().withName("taint-a").get();
        assertThat(after.getSpec().getTaints()).extracting(t -> t.getKey() + "=" + t.getValue())
                .containsExactly("dedicated=ml");
        assertThat(after.getSpec().getPodCIDR()).isNull();
    }

    @Test
    void aNodeCannotRegisterUpdateOrPatchAnotherNode() throws Exception {
        try (FakeNode victim = cloud.connectHostile("victim"); FakeNode node = cloud.connectHostile("intruder")) {
            victim.request(EdgeMessages.register("victim"));
            Node before = client.nodes().withName("victim").get();

            Message forgedRegistration = Message.create("edged", "resource", "default/node/victim", Operations.INSERT,
                    registration("victim", labels -> { }).content());
            assertForbidden(node.request(forgedRegistration), "victim");
            assertForbidden(node.request(EdgeMessages.statusOf("victim", "intruder", Instant.now())), "victim");
            Message patch = Message.create("edged", "resource", "default/nodepatch/victim", Operations.PATCH,
                    EdgeMessages.register("victim").content());
            assertForbidden(node.request(patch), "victim");

            Node after = client.nodes().withName("victim").get();
            assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
        }
    }


    /** The registration edged sends, with its labels changed by {@code change}. */
    private static Message registration(String nodeName, Consumer<ObjectNode> change) {
        Message honest = EdgeMessages.register(nodeName);
        ObjectNode content = (ObjectNode) honest.content().deepCopy();
        change.accept((ObjectNode) content.path("metadata").path("labels"));
        return Message.create("edged", "resource", honest.resource(), Operations.INSERT, content);
    }

    private static Message withSpec(String nodeName, Consumer<ObjectNode> change) {
        Message honest = EdgeMessages.register(nodeName);
        ObjectNode content = (ObjectNode) honest.content().deepCopy();
        change.accept((ObjectNode) content.path("spec"));
        return Message.create("edged", "resource", honest.resource(), Operations.INSERT, content);
    }

    private static void assertForbidden(Message reply, String naming) {
        assertThat(reply.operation()).isEqualTo(Operations.ERROR);
        assertThat(reply.content().asText()).startsWith("FORBIDDEN").contains(naming);
        assertThat(ErrorReplies.isRetryable(reply)).isFalse();
    }
}
