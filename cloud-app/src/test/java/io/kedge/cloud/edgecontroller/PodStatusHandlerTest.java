package io.kedge.cloud.edgecontroller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pod status from a node against a CRUD API server: written for the node's own pods, refused for good otherwise. */
@MockApi
class PodStatusHandlerTest {
    static KubernetesClient client;

    private final CapturedReplies replies = new CapturedReplies();
    private ReportWriter writer;
    private PodStatusHandler handler;
    private Pod mine;

    @AfterEach
    void stopWriter() {
        writer.close();
    }

    @BeforeEach
    void pods() {
        writer = replies.writer();
        handler = new PodStatusHandler(client, writer);
        client.pods().inNamespace("plant").delete();
        mine = client.pods().resource(pod("mine", "edge-a")).create();
        client.pods().resource(pod("theirs", "edge-b")).create();
    }

    @Test
    void theStatusOfOneOfTheSendersPodsIsWrittenInEitherShape() throws Exception {
        Message kubeEdge = report("mine", kubeEdgeShape(mine.getMetadata().getUid(), "Running"));
        Message reply = handle("edge-a", kubeEdge);
        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(reply.parentId()).isEqualTo(kubeEdge.id());
        assertThat(phaseOf("mine")).isEqualTo("Running");

        assertThat(handle("edge-a", report("mine", status("Succeeded"))).operation()).isEqualTo(Operations.RESPONSE);
        assertThat(phaseOf("mine")).isEqualTo("Succeeded");
    }

    @Test
    void whatCanNeverBeWrittenIsRefusedForGood() throws Exception {
        assertFinalRefusal(handle("edge-a", report("ghost", status("Running"))), "not found");
        assertFinalRefusal(handle("edge-a", report("theirs", status("Failed"))), "FORBIDDEN");
        assertFinalRefusal(handle("edge-a", report("mine", kubeEdgeShape("an-earlier-pod", "Failed"))), "uid");
        assertFinalRefusal(handle("edge-a", report("mine", TextNode.valueOf("Running"))), "neither");
        assertFinalRefusal(replies.handle(handler, "edge-a", ResourcePath.of("plant", "podstatus", "mine"),
                Message.create("edged", Groups.RESOURCE, "plant/podstatus/mine", Operations.DELETE, null)),
                "unsupported");

        assertThat(client.pods().inNamespace("plant").withName("theirs").get().getStatus().getPhase())
                .isEqualTo("Pending");
        assertThat(phaseOf("mine")).isEqualTo("Pending");
    }

    @Test
    void aKeyThatCannotNameAPodIsRefusedForGoodWithoutALookup() throws Exception {
        for (String resource : List.of("Bad_NS/podstatus/mine", "../podstatus/mine", "plant/podstatus/../x",
                "plant/podstatus/a/b", "x".repeat(64) + "/podstatus/mine", "/podstatus/mine", "plant/podstatus/Mine")) {
            Message report = Message.create("edged", Groups.RESOURCE, resource, Operations.UPDATE, status("Failed"));
            Message reply = handler.handle("edge-a", ResourcePath.parse(resource), report);
            assertThat(reply).as("refused at once: %s", resource).isNotNull();
            assertFinalRefusal(reply, "BAD_RESOURCE");
        }
        assertThat(phaseOf("mine")).isEqualTo("Pending");
    }

    static void assertFinalRefusal(Message reply, String reason) {
        assertThat(reply.operation()).isEqualTo(Operations.ERROR);
        assertThat(reply.content().asText()).contains(reason);
        assertThat(ErrorReplies.isRetryable(reply)).as(reply.content().asText()).isFalse();
    }

    private Message handle(String node, Message message) throws Exception {
        return replies.handle(handler, node, ResourcePath.parse(message.resource()), message);
    }

    private static String phaseOf(String name) {
        return client.pods().inNamespace("plant").withName(name).get().getStatus().getPhase();
    }

    static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withNamespace("plant").withName(name).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("busybox").endContainer()
                .endSpec().withNewStatus().withPhase("Pending").endStatus().build();
    }

    static Message report(String pod, com.fasterxml.jackson.databind.JsonNode content) {
        return Message.create("metaserver", Groups.RESOURCE, "plant/podstatus/" + pod, Operations.UPDATE, content);
    }

    static ObjectNode status(String phase) {
        return JsonNodeFactory.instance.objectNode().put("phase", phase);
    }

    static ObjectNode kubeEdgeShape(String uid, String phase) {
        ObjectNode content = JsonNodeFactory.instance.objectNode().put("UID", uid).put("Name", "mine");
        content.set("Status", status(phase));
        return content;
    }
}
