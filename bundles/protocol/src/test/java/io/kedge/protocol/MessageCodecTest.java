package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void roundTripKeepsEveryEnvelopeField() throws Exception {
        ObjectNode content = MessageCodec.mapper().createObjectNode().put("a", 1);
        Message original = Message.create("edged", Groups.RESOURCE, "default/nodestatus/n1", Operations.UPDATE, content)
                .withResourceVersion("42").withSync(true).withDestination("edgecontroller");

        Message decoded = codec.decode(codec.encode(original));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.header().resourceVersion()).isEqualTo("42");
        assertThat(decoded.route().destination()).isEqualTo("edgecontroller");
    }

    @Test
    void writesKubeEdgeFieldNames() throws Exception {
        Message request = Message.create("edged", Groups.RESOURCE, "default/node/n1", Operations.INSERT, null);
        Message response = Message.responseTo(request, "edgecontroller", null).withResourceVersion("7");

        String json = codec.encode(response);

        assertThat(json).contains("\"msg_id\"", "\"parent_msg_id\":\"" + request.id() + "\"", "\"timestamp\"",
                "\"resourceversion\":\"7\"", "\"route\"", "\"source\":\"edgecontroller\"",
                "\"destination\":\"edged\"", "\"group\":\"resource\"", "\"operation\":\"response\"");
        var tree = MessageCodec.mapper().readTree(json);
        assertThat(tree.fieldNames()).toIterable().containsExactlyInAnyOrder("header", "route", "content");
        assertThat(tree.get("header").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("msg_id", "parent_msg_id", "timestamp", "resourceversion");
    }

    @Test
    void readsAFrameWrittenByKubeEdge() throws Exception {
        String frame = "{\"header\":{\"msg_id\":\"3f0c\",\"parent_msg_id\":\"\",\"timestamp\":1700000000000,"
                + "\"sync\":false},\"route\":{\"source\":\"edgehub\",\"group\":\"resource\",\"operation\":\"keepalive\","
                + "\"resource\":\"node\"},\"content\":\"ping\"}";

        Message message = codec.decode(frame);

        assertThat(message.id()).isEqualTo("3f0c");
        assertThat(message.operation()).isEqualTo(Operations.KEEPALIVE);
        assertThat(message.content().asText()).isEqualTo("ping");
        assertThat(message.isResponse()).isFalse();
    }

    @Test
    void malformedJsonIsATypedError() {
        assertThatThrownBy(() -> codec.decode("{\"header\": ")).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MALFORMED_JSON);
        assertThatThrownBy(() -> codec.decode("[1,2]")).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MALFORMED_JSON);
    }

    @Test
    void missingFieldsAreTypedErrors() {
        assertThatThrownBy(() -> codec.decode("{\"route\":{\"operation\":\"insert\"}}"))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MISSING_FIELD);
        assertThatThrownBy(() -> codec.decode("{\"header\":{\"msg_id\":\"1\"},\"route\":{}}"))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MISSING_FIELD);
    }

    @Test
    void unknownOperationIsATypedError() {
        assertThatThrownBy(() -> codec.decode("{\"header\":{\"msg_id\":\"1\"},\"route\":{\"operation\":\"explode\"}}"))
                .extracting(e -> ((ProtocolException) e).reason())
                .isEqualTo(ProtocolException.Reason.UNKNOWN_OPERATION);
    }

    @Test
    void oversizeFramesAreRejectedBeforeParsing() throws Exception {
        MessageCodec small = new MessageCodec(1024);
        String big = "{\"header\":{\"msg_id\":\"1\"},\"route\":{\"operation\":\"insert\"},\"content\":\""
                + "x".repeat(2000) + "\"}";
        assertThatThrownBy(() -> small.decode(big))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.OVERSIZE);

        // Multi-byte characters count as bytes, not chars: 400 x 3 bytes > 1024.
        String wide = "{\"header\":{\"msg_id\":\"1\"},\"route\":{\"operation\":\"insert\"},\"content\":\""
                + "\u20ac".repeat(400) + "\"}";
        assertThatThrownBy(() -> small.decode(wide))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.OVERSIZE);
        assertThat(small.decode(wide.replace("\u20ac".repeat(400), "\u20ac".repeat(300))).content().asText())
                .hasSize(300);
    }

    @Test
    void aBatchFrameCarriesEveryMessageInOrder() throws Exception {
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(Message.create("edgecontroller", Groups.RESOURCE, "default/pod/p" + i, Operations.UPDATE,
                    MessageCodec.mapper().createObjectNode().put("i", i)).withResourceVersion(String.valueOf(10 + i)));
        }
        List<String> encoded = new ArrayList<>();
        for (Message message : sent) {
            encoded.add(codec.encode(message));
        }

        String frame = MessageCodec.frameOf(encoded);

        assertThat(frame).startsWith("[").endsWith("]");
        assertThat(codec.decodeFrame(frame)).extracting(entry -> entry.message().orElseThrow()).isEqualTo(sent);
    }

    @Test
    void aFrameOfOneIsThePlainEnvelopeKubeEdgeReads() throws Exception {
        Message one = Message.create("edgecontroller", Groups.RESOURCE, "default/pod/p", Operations.DELETE, null);
        String frame = MessageCodec.frameOf(List.of(codec.encode(one)));

        assertThat(frame).isEqualTo(codec.encode(one));
        assertThat(codec.decode(frame)).isEqualTo(one);
        assertThat(codec.decodeFrame(frame)).extracting(entry -> entry.message().orElseThrow()).containsExactly(one);
    }

    @Test
    void aBadEntryCostsOnlyItself() throws Exception {
        Message good = Message.create("metamanager", Groups.RESOURCE, "default/pod/p", Operations.RESPONSE, null);
        String frame = "[" + codec.encode(good) + ",{\"header\":{\"msg_id\":\"m2\"},\"route\":{\"operation\":\"explode\","
                + "\"resource\":\"default/pod/q\"}},42]";

        List<DecodedEntry> entries = codec.decodeFrame(frame);

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).message()).contains(good);
        assertThat(entries.get(1).message()).isEmpty();
        assertThat(entries.get(1).error().orElseThrow().reason()).isEqualTo(ProtocolException.Reason.UNKNOWN_OPERATION);
        assertThat(entries.get(1).json().path("header").path("msg_id").asText()).isEqualTo("m2");
        assertThat(entries.get(2).error().orElseThrow().reason()).isEqualTo(ProtocolException.Reason.MALFORMED_JSON);
    }

    @Test
    void emptyAndOverlongBatchesAreRefusedWhole() throws Exception {
        assertThatThrownBy(() -> codec.decodeFrame("[]")).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.OVERSIZE);
        String keepalive = codec.encode(Message.create("edgehub", Groups.RESOURCE, "node", Operations.KEEPALIVE, null));
        String overlong = "[" + String.join(",", Collections.nCopies(MessageCodec.MAX_BATCH + 1, keepalive)) + "]";
        assertThatThrownBy(() -> codec.decodeFrame(overlong)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(String.valueOf(MessageCodec.MAX_BATCH + 1))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.OVERSIZE);
        assertThatThrownBy(() -> codec.decodeFrame("{\"header\": ")).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MALFORMED_JSON);
        assertThatThrownBy(() -> MessageCodec.frameOf(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOverlongBatchIsRefusedByCountBeforeAnyEnvelopeIsBuilt() {
        CountingNodes nodes = new CountingNodes();
        MessageCodec counting = new MessageCodec(MessageCodec.DEFAULT_MAX_FRAME_BYTES, nodes);
        String bad = "{\"header\":{\"msg_id\":\"x\"},\"route\":{\"operation\":\"explode\"},\"content\":[1,2,3]}";
        String overlong = "[" + String.join(",", Collections.nCopies(100_000, bad)) + "]";

        assertThatThrownBy(() -> counting.decodeFrame(overlong))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.OVERSIZE);
        assertThat(nodes.built()).as("no tree built for any envelope").isZero();

        // Counting stops at the bound: what comes after it is never even read.
        String overlongThenGarbage = "[" + "0,".repeat(MessageCodec.MAX_BATCH + 1) + "}}}";
        assertThatThrownBy(() -> counting.decodeFrame(overlongThenGarbage))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.OVERSIZE);
        assertThat(nodes.built()).isZero();
    }

    @Test
    void aMalformedBatchBuildsNothing() {
        CountingNodes nodes = new CountingNodes();
        MessageCodec counting = new MessageCodec(MessageCodec.DEFAULT_MAX_FRAME_BYTES, nodes);
        String good = "{\"header\":{\"msg_id\":\"x\"},\"route\":{\"operation\":\"keepalive\"}}";

        assertThatThrownBy(() -> counting.decodeFrame("[" + good + "," + good + ",{\"header\":"))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MALFORMED_JSON);
        assertThat(nodes.built()).isZero();
    }

    @Test
    void aRefusedEnvelopeIsParsedOnceAndItsJsonHandedBack() throws Exception {
        CountingNodes nodes = new CountingNodes();
        MessageCodec counting = new MessageCodec(MessageCodec.DEFAULT_MAX_FRAME_BYTES, nodes);
        String frame = "{\"header\":{\"msg_id\":\"m-7\"},\"route\":{\"operation\":\"explode\",\"resource\":\"ns/pod/p\"}}";

        ProtocolException refused = catchThrowableOfType(ProtocolException.class, () -> counting.decode(frame));
        long oneParse = nodes.built();

        assertThat(refused.reason()).isEqualTo(ProtocolException.Reason.UNKNOWN_OPERATION);
        assertThat(refused.json().path("header").path("msg_id").asText()).isEqualTo("m-7");
        assertThat(oneParse).as("three objects and three strings, once").isEqualTo(6);
        DecodedEntry entry = counting.decodeFrame(frame).get(0);
        assertThat(entry.json().path("route").path("resource").asText()).isEqualTo("ns/pod/p");
        assertThat(nodes.built()).isEqualTo(2 * oneParse);
        assertThat(catchThrowableOfType(ProtocolException.class, () -> counting.decode("{\"header\": ")).json()
                .isMissingNode()).isTrue();
    }

    @Test
    void deepNestingAndTrailingDataAreMalformed() {
        String deep = "{\"header\":{\"msg_id\":\"d\"},\"route\":{\"operation\":\"insert\"},\"content\":"
                + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        for (String frame : List.of(deep, "[" + deep + "]", "{} {}", "[{}] x", "[{}],[{}]", "   ")) {
            assertThatThrownBy(() -> codec.decodeFrame(frame)).as(frame.length() > 40 ? "deep" : frame)
                    .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MALFORMED_JSON);
        }
        String justDeepEnough = "[".repeat(MessageCodec.MAX_DEPTH - 2) + "]".repeat(MessageCodec.MAX_DEPTH - 2);
        Message nested = assertDoesNotThrow(() -> codec.decode(
                "{\"header\":{\"msg_id\":\"d\"},\"route\":{\"operation\":\"insert\"},\"content\":" + justDeepEnough + "}"));
        assertThat(nested.content().isArray()).isTrue();
    }

    @Test
    void idsAreVersion4UuidsAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Message.newId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
