package io.kedge.edged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.PodDeletion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PodReportsTest {
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final PodReports reports = new PodReports(outbox, "edged");

    @Test
    void theEndOfAPodGoesUpAsTheDeletionTheCloudReads() throws Exception {
        reports.terminated(pod("plant", "web", "uid-1"));

        assertThat(outbox.kept).containsOnlyKeys("pod/plant/web");
        Message sent = new MessageCodec().decode(new MessageCodec().encode(outbox.kept.get("pod/plant/web")));
        assertThat(PodDeletion.decode(sent)).isEqualTo(new PodDeletion("plant", "web", "uid-1"));
        assertThat(sent.route().source()).isEqualTo("edged");
    }

    @Test
    void statusAndEndOfOnePodKeepApartInTheOutbox() throws Exception {
        reports.publish(pod("plant", "web", "uid-1"), JsonNodeFactory.instance.objectNode().put("phase", "Running"));
        reports.terminated(pod("plant", "web", "uid-1"));

        assertThat(outbox.kept).containsOnlyKeys("podstatus/plant/web", "pod/plant/web");
        assertThat(outbox.kept.get("podstatus/plant/web").content().path("UID").asText()).isEqualTo("uid-1");
    }

    @Test
    void aStaticPodsStatusGoesToItsMirrorWhateverUidTheApiGaveIt() throws Exception {
        ObjectNode manifest = (ObjectNode) pod("plant", "web", "ignored");
        manifest.putObject("spec").putArray("containers").addObject().put("name", "app").put("image", "busybox");
        JsonNode web = io.kedge.edged.staticpod.StaticPod.of(manifest, "edge-a", new byte[] {1});

        reports.publish(web, JsonNodeFactory.instance.objectNode().put("phase", "Running"));
        reports.create(io.kedge.edged.staticpod.StaticPod.mirrorOf(web));

        assertThat(outbox.kept.get("podstatus/plant/web-edge-a").content().path("UID").asText()).isEmpty();
        assertThat(io.kedge.protocol.MirrorPod.decode(outbox.kept.get("mirror/plant/web-edge-a"))
                .path("spec").path("nodeName").asText()).isEqualTo("edge-a");
    }

    @Test
    void anEndTheOutboxCannotKeepIsReportedToTheCaller() {
        outbox.full = true;

        assertThatThrownBy(() -> reports.terminated(pod("plant", "web", "uid-1"))).isInstanceOf(OutboxException.class);
    }

    private static JsonNode pod(String namespace, String name, String uid) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode();
        pod.putObject("metadata").put("namespace", namespace).put("name", name).put("uid", uid);
        return pod;
    }

    private static final class RecordingOutbox implements UpstreamOutbox {
        final Map<String, Message> kept = new LinkedHashMap<>();
        boolean full;

        @Override
        public void put(String key, Message message) throws OutboxException {
            if (full) {
                throw new OutboxException("outbox full");
            }
            kept.put(key, message);
        }

        @Override
        public CompletableFuture<Void> putAsync(String key, Message message) {
            throw new UnsupportedOperationException("Edged puts synchronously");
        }

        @Override
        public OutboxStats stats() {
            throw new UnsupportedOperationException();
        }
    }
}
