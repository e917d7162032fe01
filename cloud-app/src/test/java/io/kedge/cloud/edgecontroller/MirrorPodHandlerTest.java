package io.kedge.cloud.edgecontroller;

import static io.kedge.cloud.edgecontroller.PodStatusHandlerTest.assertFinalRefusal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.MirrorPod;
import io.kedge.protocol.Operations;
import io.kedge.protocol.PodDeletion;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's static pods shown in a CRUD API server: created for the sender, refused for anything else. */
@MockApi
class MirrorPodHandlerTest {
    static KubernetesClient client;

    private final CapturedReplies replies = new CapturedReplies();
    private ReportWriter writer;
    private PodHandler handler;

    @BeforeEach
    void clean() {
        writer = replies.writer();
        handler = new PodHandler(client, writer);
        client.pods().inNamespace("plant").withGracePeriod(0).delete();
    }

    @AfterEach
    void stopWriter() {
        writer.close();
    }

    @Test
    void theSendersMirrorPodIsCreatedOnceWithTheUidTheApiServerGives() {
        ObjectNode mirror = mirror("web-edge-a", "edge-a", m -> ((ObjectNode) m.get("metadata")).put("uid", "local"));

        assertThat(handle("edge-a", mirror).operation()).isEqualTo(Operations.RESPONSE);
        Message again = handle("edge-a", mirror);

        assertThat(again.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(again.content().asText()).isEqualTo(MirrorPodHandler.EXISTS);
        Pod created = client.pods().inNamespace("plant").withName("web-edge-a").get();
        assertThat(created.getMetadata().getAnnotations()).containsEntry(MirrorPod.MIRROR_ANNOTATION, "h1");
        assertThat(created.getMetadata().getUid()).isNotEqualTo("local");
        assertThat(created.getSpec().getNodeName()).isEqualTo("edge-a");
    }

    @Test
    void aMirrorPodForAnotherNodeIsRefusedAndNotCreated() {
        assertFinalRefusal(handle("edge-a", mirror("web-edge-b", "edge-b", m -> { })), "FORBIDDEN");
        assertThat(client.pods().inNamespace("plant").withName("web-edge-b").get()).isNull();
    }

    @Test
    void aPodWithoutTheMirrorAnnotationIsRefusedAndNotCreated() {
        ObjectNode plain = mirror("web-edge-a", "edge-a",
                m -> ((ObjectNode) m.path("metadata").path("annotations")).remove(MirrorPod.MIRROR_ANNOTATION));

        assertFinalRefusal(handle("edge-a", plain), "MISSING_FIELD");
        assertThat(client.pods().inNamespace("plant").withName("web-edge-a").get()).isNull();
    }

    @Test
    void aMirrorPodThatReachesForApiObjectsIsRefusedAndNotCreated() {
        assertFinalRefusal(handle("edge-a", mirror("web-edge-a", "edge-a", m -> ((ObjectNode) m.get("spec"))
                .putArray("volumes").addObject().put("name", "creds").putObject("secret")
                .put("secretName", "cluster-admin-token"))), "secret");
        assertFinalRefusal(handle("edge-a", mirror("web-edge-a", "edge-a", m -> ((ObjectNode) m.path("spec")
                .path("containers").get(0)).putArray("env").addObject().put("name", "K").putObject("valueFrom")
                .putObject("configMapKeyRef").put("name", "other").put("key", "k"))), "env");
        assertFinalRefusal(handle("edge-a", mirror("web-edge-a", "edge-a", m -> ((ObjectNode) m.get("spec"))
                .put("serviceAccountName", "controller"))), "service account");
        assertFinalRefusal(handle("edge-a", mirror("web-edge-a", "edge-a", m -> ((ObjectNode) m.get("metadata"))
                .putArray("ownerReferences").addObject().put("kind", "ReplicaSet").put("name", "r"))), "owner");

        assertThat(client.pods().inNamespace("plant").withName("web-edge-a").get()).isNull();
    }

    @Test
    void anotherPodOfThatNameIsLeftAlone() {
        client.pods().resource(PodStatusHandlerTest.pod("web-edge-a", "edge-a")).create();

        assertFinalRefusal(handle("edge-a", mirror("web-edge-a", "edge-a", m -> { })), "exists");

        assertThat(client.pods().inNamespace("plant").withName("web-edge-a").get().getMetadata().getAnnotations())
                .doesNotContainKey(MirrorPod.MIRROR_ANNOTATION);
    }

    @Test
    void theSenderMayRemoveItsMirrorPodButNoOtherPod() {
        handle("edge-a", mirror("web-edge-a", "edge-a", m -> { }));
        String uid = client.pods().inNamespace("plant").withName("web-edge-a").get().getMetadata().getUid();

        assertFinalRefusal(handle("edge-b", new PodDeletion("plant", "web-edge-a", uid).toMessage("edged")),
                "FORBIDDEN");
        assertThat(client.pods().inNamespace("plant").withName("web-edge-a").get()).isNotNull();

        Message reply = handle("edge-a", new PodDeletion("plant", "web-edge-a", uid).toMessage("edged"));

        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(client.pods().inNamespace("plant").withName("web-edge-a").get()).isNull();
    }

    private Message handle(String node, ObjectNode mirror) {
        return handle(node, MirrorPod.create("edged", mirror));
    }

    private Message handle(String node, Message message) {
        try {
            return replies.handle(handler, node, ResourcePath.parse(message.resource()), message);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode mirror(String name, String node, Consumer<ObjectNode> change) {
        ObjectNode pod = MessageCodec.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("namespace", "plant").put("name", name).putObject("annotations")
                .put(MirrorPod.MIRROR_ANNOTATION, "h1").put(MirrorPod.SOURCE_ANNOTATION, MirrorPod.FILE_SOURCE);
        ObjectNode spec = pod.putObject("spec").put("nodeName", node);
        spec.putArray("containers").addObject().put("name", "app").put("image", "busybox");
        change.accept(pod);
        return pod;
    }
}
