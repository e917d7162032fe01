package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MockApi
class BadInputTest {
    static KubernetesClient client;
    static CloudFixture cloud;

    @BeforeAll
    static void startCloud() throws Exception {
        cloud = CloudFixture.start(client, "--node-lifecycle", "on");
    }

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }

    @Test
    void badFramesGetErrorRepliesAndTheSessionGoesOn() throws Exception {
        try (FakeNode edge = cloud.connect("edge-b")) {
            edge.sendRaw("{this is not json");
            Message malformed = edge.nextMessage();
            assertThat(malformed.operation()).isEqualTo(Operations.ERROR);
            assertThat(malformed.content().asText()).startsWith("MALFORMED_JSON");
            assertWorks(edge);

            edge.sendRaw("{\"header\":{\"msg_id\":\"m-1\"},\"route\":{\"resource\":\"default/node/edge-b\"}}");
            Message missing = edge.replyTo("m-1");
            assertThat(missing.operation()).isEqualTo(Operations.ERROR);
            assertThat(missing.content().asText()).startsWith("MISSING_FIELD");
            assertWorks(edge);

            edge.sendRaw("{\"header\":{\"msg_id\":\"m-2\"},\"route\":{\"operation\":\"explode\","
                    + "\"group\":\"resource\",\"resource\":\"default/node/edge-b\"},\"content\":null}");
            Message unknown = edge.replyTo("m-2");
            assertThat(unknown.operation()).isEqualTo(Operations.ERROR);
            assertThat(unknown.content().asText()).startsWith("UNKNOWN_OPERATION");
            assertWorks(edge);

            Message configMap = Message.create("edged", "resource", "default/configmap/cm", Operations.INSERT, null);
            Message unsupported = edge.request(configMap);
            assertThat(unsupported.operation()).isEqualTo(Operations.ERROR);
            assertThat(unsupported.content().asText()).contains("unsupported resource type");
            assertWorks(edge);

            assertThat(cloud.app().hub().protocolErrors("edge-b")).isEqualTo(4);
        }
    }

    @Test
    void everyEntryOfABatchIsAnsweredOnItsOwn() throws Exception {
        try (FakeNode edge = cloud.connect("edge-batch")) {
            Message register = EdgeMessages.register("edge-batch");
            Message forged = EdgeMessages.statusOf("someone-else", "edge-batch", java.time.Instant.now());
            MessageCodec codec = new MessageCodec();
            edge.sendRaw("[" + codec.encode(register) + ",{\"header\":{\"msg_id\":\"b-2\"},\"route\":{\"operation\":"
                    + "\"explode\",\"resource\":\"default/node/edge-batch\"}}," + codec.encode(forged) + "]");

            // Refusals are answered at once; the registration once its write is done.
            assertThat(edge.replyTo("b-2").content().asText()).startsWith("UNKNOWN_OPERATION");
            assertThat(edge.replyTo(forged.id()).content().asText()).startsWith("FORBIDDEN");
            assertThat(edge.replyTo(register.id()).operation()).isEqualTo(Operations.RESPONSE);
            assertThat(cloud.app().hub().protocolErrors("edge-batch")).isEqualTo(2);

            edge.sendRaw("{\"header\":{\"msg_id\":\"a-1\"},\"route\":{\"operation\":\"ack\"},\"content\":[\"x\",7]}");
            assertThat(edge.replyTo("a-1").content().asText()).startsWith("MISSING_FIELD");

            edge.sendRaw("[]");
            assertThat(edge.nextMessage().content().asText()).startsWith("OVERSIZE");
            assertWorks(edge);
        }
    }

    @Test
    void aNodeCannotWriteAnotherNode() throws Exception {
        Node other = client.nodes().resource(new NodeBuilder().withNewMetadata().withName("other")
                .addToLabels(EdgeMessages.EDGE_ROLE_LABEL, "").endMetadata().build()).create();
        try (FakeNode edge = cloud.connect("edge-x")) {
            edge.request(EdgeMessages.register("edge-x"));
            Message forged = EdgeMessages.statusOf("other", "edge-x", java.time.Instant.now());
            Message reply = edge.request(forged);
            assertThat(reply.operation()).isEqualTo(Operations.ERROR);
            assertThat(reply.content().asText()).startsWith("FORBIDDEN");

            Message forgedRegistration = Message.create("edged", "resource", "default/node/other",
                    Operations.INSERT, EdgeMessages.register("other").content());
            assertThat(edge.request(forgedRegistration).operation()).isEqualTo(Operations.ERROR);
            assertWorks(edge);
        }
        Node after = client.nodes().withName("other").get();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(other.getMetadata().getResourceVersion());
        assertThat(after.getStatus()).isEqualTo(other.getStatus());
    }

    @Test
    void unknownPathsAndBadNodeNamesAreRefusedOnUpgrade() {
        assertThat(handshakeStatus("/not/a/hub/path")).isEqualTo(404);
        assertThat(handshakeStatus("/" + FakeNode.PROJECT + "/edge-1/other")).isEqualTo(404);
        assertThat(handshakeStatus("/" + FakeNode.PROJECT + "/Bad_Node/events")).isEqualTo(400);
    }

    @Test
    void anOversizeFrameClosesOnlyThatSession() throws Exception {
        try (CloudFixture small = CloudFixture.start(client, "--node-lifecycle", "on", "--max-frame-bytes", "4096");
                FakeNode big = small.connect("edge-big");
                FakeNode fine = small.connect("edge-fine")) {
            big.sendRaw("{\"pad\":\"" + "x".repeat(10_000) + "\"}");
            assertThat(big.awaitClose().code()).isEqualTo(1009);
            assertWorks(fine);
            assertThat(small.app().hub().isConnected("edge-fine")).isTrue();
        }
    }

    private static void assertWorks(FakeNode edge) throws Exception {
        Message register = EdgeMessages.register(edge.nodeName());
        Message reply = edge.request(register);
        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
    }

    private static int handshakeStatus(String path) {
        URI uri = URI.create("ws://127.0.0.1:" + cloud.port() + path);
        Throwable failure = catchThrowable(() -> FakeNode.newWebSocket(HttpClient.newHttpClient(), uri,
                Duration.ofSeconds(10), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
        assertThat(failure).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }
}
