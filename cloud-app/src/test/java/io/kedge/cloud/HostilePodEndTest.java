package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.MirrorPod;
import io.kedge.protocol.Operations;
import io.kedge.protocol.PodDeletion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.kedge.testing.node.FakeNode;

/**
 * Joined nodes, through the real hub, end pods and show mirror pods: their own are handled, another
 * node's are refused for good and left alone. Terminating pods are seeded with a finalizer (the CRUD
 * mock keeps such a pod, marked, on DELETE; see PodDeletionHandlerTest).
 */
@MockApi
class HostilePodEndTest {
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
    void aNodeEndsItsOwnTerminatingPodButNotAnotherNodes() throws Exception {
        Pod mine = terminating("ends-mine", "ends-a");
        Pod theirs = terminating("ends-theirs", "ends-other");
        try (FakeNode node = cloud.connectHostile("ends-a")) {
            Message refused = node.request(new PodDeletion("plant", "ends-theirs", theirs.getMetadata().getUid())
                    .toMessage("edged"));
            assertThat(refused.content().asText()).startsWith("FORBIDDEN");
            assertThat(ErrorReplies.isRetryable(refused)).isFalse();

            Message done = node.request(new PodDeletion("plant", "ends-mine", mine.getMetadata().getUid())
                    .toMessage("edged"));
            assertThat(done.operation()).isEqualTo(Operations.RESPONSE);
        }
        assertThat(client.pods().inNamespace("plant").withName("ends-theirs").get().getMetadata()
                .getDeletionTimestamp()).as("still there, still terminating").isNotNull();
    }

    @Test
    void aNodeShowsItsOwnStaticPodButNoneForAnotherNode() throws Exception {
        try (FakeNode node = cloud.connectHostile("mirror-a")) {
            Message refused = node.request(MirrorPod.create("edged", mirror("web-mirror-b", "mirror-b")));
            assertThat(refused.content().asText()).startsWith("FORBIDDEN");
            assertThat(ErrorReplies.isRetryable(refused)).isFalse();

            Message created = node.request(MirrorPod.create("edged", mirror("web-mirror-a", "mirror-a")));
            assertThat(created.operation()).isEqualTo(Operations.RESPONSE);
        }
        assertThat(client.pods().inNamespace("plant").withName("web-mirror-b").get()).isNull();
        assertThat(client.pods().inNamespace("plant").withName("web-mirror-a").get().getMetadata().getAnnotations())
                .containsEntry(MirrorPod.MIRROR_ANNOTATION, "h1");
    }

    private static Pod terminating(String name, String node) {
        Pod pod = client.pods().resource(new PodBuilder(KubeObjects.pod("plant", name, node)).editMetadata()
                .addToFinalizers("kedge.io/test-keeps-it").endMetadata().build()).create();
        client.pods().resource(pod).delete();
        return client.pods().inNamespace("plant").withName(name).get();
    }

    private static ObjectNode mirror(String name, String node) {
        ObjectNode pod = MessageCodec.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("namespace", "plant").put("name", name).putObject("annotations")
                .put(MirrorPod.MIRROR_ANNOTATION, "h1");
        ObjectNode spec = pod.putObject("spec").put("nodeName", node);
        spec.putArray("containers").addObject().put("name", "app").put("image", "busybox");
        return pod;
    }
}
