package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.cloud.hub.Downlink;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sync engine alone, with a recording downlink: bad objects and out-of-order session events. */
class DownstreamSyncBadInputTest {
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final DownstreamSync sync = new DownstreamSync(new DownstreamSync.Settings(100, Duration.ofSeconds(30)),
            object -> MessageCodec.mapper().valueToTree(object));

    @AfterEach
    void stop() {
        sync.close();
    }

    @Test
    void objectsWithoutMetadataNameOrNamespaceAreSkipped() {
        sync.start((node, message) -> {
            sent.add(message);
            return Downlink.SendResult.SENT;
        });
        sync.upserted(new NodeBuilder().withNewMetadata().withName("n1")
                .addToLabels(EdgeController.EDGE_ROLE_LABEL, "").endMetadata().build());
        sync.clusterSynced();
        sync.connected("n1", 1);
        Message query = await().until(() -> sent.stream()
                .filter(m -> Operations.QUERY.equals(m.operation())).findFirst().orElse(null), q -> q != null);
        ObjectNode emptyInventory = MessageCodec.mapper().createObjectNode();
        emptyInventory.putArray("objects");
        sync.replied("n1", List.of(Message.responseTo(query, "metamanager", emptyInventory)));
        await().until(() -> resources().contains("default/node/n1"));

        Pod noMetadata = new Pod();
        noMetadata.setSpec(new PodBuilder().withNewSpec().withNodeName("n1").endSpec().build().getSpec());
        sync.upserted(noMetadata);
        sync.upserted(new PodBuilder().withNewMetadata().withName("no-namespace").endMetadata()
                .withNewSpec().withNodeName("n1").endSpec().build());
        sync.deleted(new ConfigMap());
        sync.upserted(null);
        sync.upserted(new PodBuilder().withNewMetadata().withNamespace("ns").withName("good").withUid("u")
                .withResourceVersion("1").endMetadata().withNewSpec().withNodeName("n1").endSpec().build());

        await().until(() -> resources().contains("ns/pod/good"));
        assertThat(resources()).containsExactly("default/inventory/n1", "default/node/n1", "ns/pod/good");
        assertThat(sent.get(2).header().resourceVersion()).isEqualTo("1");
    }

    @Test
    void aLateCloseOfAReplacedSessionDoesNotStopTheNewSessionsSync() {
        sync.start((node, message) -> {
            sent.add(message);
            return Downlink.SendResult.SENT;
        });
        sync.upserted(new NodeBuilder().withNewMetadata().withName("n1")
                .addToLabels(EdgeController.EDGE_ROLE_LABEL, "").endMetadata().build());
        sync.clusterSynced();
        sync.connected("n1", 2);
        sync.disconnected("n1", 1);
        Message query = await().until(() -> sent.stream()
                .filter(m -> Operations.QUERY.equals(m.operation())).findFirst().orElse(null), q -> q != null);
        ObjectNode emptyInventory = MessageCodec.mapper().createObjectNode();
        emptyInventory.putArray("objects");
        sync.replied("n1", List.of(Message.responseTo(query, "metamanager", emptyInventory)));
        await().until(() -> resources().contains("default/node/n1"));
    }

    private List<String> resources() {
        return sent.stream().map(Message::resource).toList();
    }
}
