package io.kedge.cloud.edgecontroller;

import static io.kedge.cloud.edgecontroller.PodStatusHandlerTest.assertFinalRefusal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.PodDeletion;
import io.kedge.protocol.ResourcePath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's word that a terminating pod stopped, against a CRUD API server: the pod goes when it is
 * the sender's, terminating and of the uid sent; otherwise nothing is deleted and the refusal is final.
 *
 * <p>fabric8's CRUD mock knows no grace periods: it strips a deletionTimestamp sent with the pod and
 * deletes a pod without finalizers at once. It marks a pod with a finalizer terminating (deletionTimestamp
 * set) and keeps it, so the pods are seeded that way, and what the handler asks of the API server is
 * read from the requests the mock recorded.
 */
@MockApi
class PodDeletionHandlerTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private final CapturedReplies replies = new CapturedReplies();
    private ReportWriter writer;
    private PodHandler handler;

    @BeforeEach
    void pods() {
        writer = replies.writer();
        handler = new PodHandler(client, writer);
        client.pods().inNamespace("plant").withGracePeriod(0).delete();
        client.pods().inNamespace("plant").list().getItems().forEach(pod -> client.pods().resource(pod)
                .edit(p -> new PodBuilder(p).editMetadata().withFinalizers().endMetadata().build()));
    }

    @AfterEach
    void stopWriter() {
        writer.close();
    }

    @Test
    void theSendersTerminatingPodOfThatUidIsDeleted() {
        Pod mine = create("mine", "edge-a", true);

        String uid = mine.getMetadata().getUid();

        List<RecordedRequest> deletes = deletesDuring(() -> {
            Message reply = handle("edge-a", deletion("mine", uid));
            assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        });

        assertThat(deletes).singleElement().satisfies(delete -> {
            assertThat(delete.getPath()).isEqualTo("/api/v1/namespaces/plant/pods/mine");
            JsonNode options = MessageCodec.mapper().readTree(delete.getUtf8Body());
            assertThat(options.path("gracePeriodSeconds").asInt(-1)).isZero();
            assertThat(options.path("preconditions").path("uid").asText()).isEqualTo(uid);
        });
    }

    @Test
    void aPodAlreadyGoneIsAnsweredAsDoneSoTheNodeDropsItsWord() {
        Message reply = handle("edge-a", deletion("ghost", "3b0c1e52-0000-4000-8000-000000000001"));

        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(reply.content().asText()).isEqualTo(PodDeletionHandler.GONE);
    }

    @Test
    void anotherNodesPodIsRefusedAndKept() {
        Pod theirs = create("theirs", "edge-b", true);

        assertThat(deletesDuring(() -> assertFinalRefusal(
                handle("edge-a", deletion("theirs", theirs.getMetadata().getUid())), "FORBIDDEN"))).isEmpty();

        assertThat(client.pods().inNamespace("plant").withName("theirs").get()).isNotNull();
    }

    @Test
    void aPodNobodyAskedToDeleteIsRefusedAndKept() {
        Pod running = create("running", "edge-a", false);

        assertThat(deletesDuring(() -> assertFinalRefusal(
                handle("edge-a", deletion("running", running.getMetadata().getUid())), "no deletionTimestamp")))
                .isEmpty();

        assertThat(client.pods().inNamespace("plant").withName("running").get()).isNotNull();
    }

    @Test
    void anEarlierPodsUidNeverRemovesItsSuccessor() {
        create("mine", "edge-a", true);

        assertThat(deletesDuring(() -> assertFinalRefusal(handle("edge-a", deletion("mine", "an-earlier-pod")),
                "uid"))).isEmpty();

        assertThat(client.pods().inNamespace("plant").withName("mine").get()).isNotNull();
    }

    @Test
    void whatIsNoDeletionOfOnePodIsRefusedBeforeAnyLookup() {
        Pod mine = create("mine", "edge-a", true);
        String uid = mine.getMetadata().getUid();

        List<RecordedRequest> deletes = deletesDuring(() -> {
            assertFinalRefusal(handle("edge-a", Message.create("edged", Groups.RESOURCE, "plant/pod/mine",
                    Operations.DELETE, null)), "uid");
        assertFinalRefusal(handle("edge-a", Message.create("edged", Groups.RESOURCE, "Plant/pod/mine",
                Operations.DELETE, TextNode.valueOf(uid))), "BAD_RESOURCE");
        assertFinalRefusal(handle("edge-a", Message.create("edged", Groups.RESOURCE, "plant/pod/mine/x",
                Operations.DELETE, TextNode.valueOf(uid))), "BAD_RESOURCE");
        assertFinalRefusal(handle("edge-a", Message.create("edged", Groups.RESOURCE, "plant/pod/mine",
                Operations.UPDATE, TextNode.valueOf(uid))), "unsupported");
        });

        assertThat(deletes).isEmpty();

        assertThat(client.pods().inNamespace("plant").withName("mine").get()).isNotNull();
    }

    /** The DELETE requests the API server got while {@code action} ran (the handler's answer included). */
    private static List<RecordedRequest> deletesDuring(Runnable action) {
        recorded();
        action.run();
        return recorded().stream().filter(request -> "DELETE".equals(request.getMethod())).toList();
    }

    private static List<RecordedRequest> recorded() {
        List<RecordedRequest> requests = new ArrayList<>();
        try {
            for (RecordedRequest request = server.takeRequest(0, TimeUnit.SECONDS); request != null;
                    request = server.takeRequest(0, TimeUnit.SECONDS)) {
                requests.add(request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return requests;
    }

    private Message handle(String node, Message message) {
        try {
            return replies.handle(handler, node, ResourcePath.parse(message.resource()), message);
        } catch (io.kedge.protocol.ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static Message deletion(String pod, String uid) {
        return new PodDeletion("plant", pod, uid).toMessage("edged");
    }

    private static Pod create(String name, String node, boolean terminating) {
        Pod pod = client.pods().resource(new PodBuilder(PodStatusHandlerTest.pod(name, node)).editMetadata()
                .addToFinalizers("kedge.io/test-keeps-it").endMetadata().build()).create();
        if (terminating) {
            client.pods().resource(pod).delete();
            pod = client.pods().resource(pod).get();
        }
        assertThat(pod.getMetadata().getDeletionTimestamp() != null).as("seeded terminating: %s", name)
                .isEqualTo(terminating);
        return pod;
    }
}
