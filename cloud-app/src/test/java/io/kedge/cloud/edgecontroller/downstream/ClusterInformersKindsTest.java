package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kedge.cloud.devapi.EmbeddedApiServer;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.cloud.hub.Downlink;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The informers watch a registered custom kind on a real API and its objects reach their node. */
class ClusterInformersKindsTest {
    record Sent(String node, Message message) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private EmbeddedApiServer server;
    private KubernetesClient client;
    private DownstreamSync sync;
    private ClusterInformers informers;

    @BeforeEach
    void start() {
        server = EmbeddedApiServer.start(0);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        client.apiextensions().v1().customResourceDefinitions().resource(GadgetIndex.definition()).create();
        sync = new DownstreamSync(new DownstreamSync.Settings(100, Duration.ofSeconds(30)),
                object -> MessageCodec.mapper().valueToTree(object),
                List.of(new IndexedKinds(List.of(GadgetIndex.GADGETS), new GadgetIndex())));
        sync.start((node, message) -> {
            sent.add(new Sent(node, message));
            return Downlink.SendResult.SENT;
        });
        informers = new ClusterInformers(sync.kinds());
    }

    @AfterEach
    void stop() {
        informers.close();
        sync.close();
        client.close();
        server.close();
    }

    @Test
    void aGadgetCreatedInTheApiIsSentToItsNodeOnly() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1")
                .addToLabels(EdgeController.EDGE_ROLE_LABEL, "").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n2")
                .addToLabels(EdgeController.EDGE_ROLE_LABEL, "").endMetadata().build()).create();
        informers.start(client, sync);
        await().until(informers::watching);
        connect("n1");
        connect("n2");

        client.genericKubernetesResources(GadgetIndex.API_VERSION, "Gadget").inNamespace("plant")
                .resource(GadgetIndex.gadget("plant", "valve", "n1", "open")).create();

        Message insert = await().until(() -> first("n1", Operations.INSERT, "plant/gadget/valve"), m -> m != null);
        assertThat(insert.content().path("spec").path("setting").asText()).isEqualTo("open");
        assertThat(sent).filteredOn(s -> s.node().equals("n2"))
                .extracting(s -> s.message().resource()).doesNotContain("plant/gadget/valve");
    }

    private void connect(String node) {
        sync.connected(node, 1);
        Message query = await().until(() -> first(node, Operations.QUERY, "default/inventory/" + node), m -> m != null);
        ObjectNode empty = MessageCodec.mapper().createObjectNode();
        empty.putArray("objects");
        sync.replied(node, List.of(Message.responseTo(query, "metamanager", empty)));
    }

    private Message first(String node, String operation, String resource) {
        return sent.stream().filter(s -> s.node().equals(node)).map(Sent::message)
                .filter(m -> operation.equals(m.operation()) && resource.equals(m.resource()))
                .findFirst().orElse(null);
    }
}
