package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.testing.RandomInputs;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InventoryTest {
    private static final List<Inventory.Entry> HELD = List.of(
            new Inventory.Entry("ns/pod/web", "u1", "5"),
            new Inventory.Entry("default/node/edge-a", "u2", "17"));
    private static final List<String> ANSWERS = List.of("{\"objects\":[]}",
            "{\"objects\":[{\"key\":\"default/pod/web-1\",\"uid\":\"u-1\",\"resourceVersion\":\"7\"}]}");

    private final MessageCodec codec = new MessageCodec();

    @Test
    void theQueryTravelsAsKubeEdgeNamesItAndIsRecognisedOnTheNode() throws Exception {
        Message query = Inventory.query("edgecontroller", "edge-a");

        Message received = codec.decode(codec.encode(query));

        assertThat(received.resource()).isEqualTo("default/inventory/edge-a");
        assertThat(received.route().group()).isEqualTo(Groups.RESOURCE);
        assertThat(received.content()).isEqualTo(MessageCodec.mapper().createObjectNode());
        assertThat(Inventory.isQuery(received)).isTrue();
        assertThat(Inventory.isQuery(Message.create("edged", Groups.RESOURCE, "ns/pod", Operations.QUERY, null)))
                .isFalse();
        assertThat(Inventory.isQuery(Message.create("edged", Groups.RESOURCE, "default/pod/p", Operations.QUERY,
                null))).isFalse();
    }

    @Test
    void anAnswerRoundTripsThroughTheWire() throws Exception {
        Message answer = Message.responseTo(Inventory.query("edgecontroller", "edge-a"), "metamanager",
                Inventory.answer(HELD));

        Message received = codec.decode(codec.encode(answer));

        assertThat(received.content().toString()).isEqualTo("{\"objects\":[{\"key\":\"ns/pod/web\",\"uid\":\"u1\","
                + "\"resourceVersion\":\"5\"},{\"key\":\"default/node/edge-a\",\"uid\":\"u2\",\"resourceVersion\":\"17\"}]}");
        assertThat(Inventory.decode(received.content(), 10)).isEqualTo(new Inventory.Answer(HELD, 0));
    }

    @Test
    void anAnswerSentAsAJsonStringIsReadLikeTheObject() throws Exception {
        TextNode asText = TextNode.valueOf(Inventory.answer(HELD).toString());

        assertThat(Inventory.decode(asText, 10).entries()).isEqualTo(HELD);
    }

    @Test
    void entriesBeyondTheBoundAreCountedNotRead() throws Exception {
        ObjectNode answer = Inventory.answer(HELD);

        Inventory.Answer read = Inventory.decode(answer, 1);

        assertThat(read.entries()).containsExactly(HELD.get(0));
        assertThat(read.truncated()).isEqualTo(1);
    }

    @Test
    void missingOrOddFieldsAreReadAsText() throws Exception {
        ObjectNode answer = MessageCodec.mapper().createObjectNode();
        answer.putArray("objects").addObject().put("uid", 7).putObject("resourceVersion");

        assertThat(Inventory.decode(answer, 10).entries()).containsExactly(new Inventory.Entry("", "7", ""));
    }

    @Test
    void anAnswerWithoutObjectsIsRefused() {
        assertThatThrownBy(() -> Inventory.decode(TextNode.valueOf("{]"), 10)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MALFORMED_JSON);
        assertThatThrownBy(() -> Inventory.decode(MessageCodec.mapper().createObjectNode(), 10))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MISSING_FIELD);
        assertThatThrownBy(() -> Inventory.decode(null, 10)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void anyAnswerIsReadWithinTheBoundOrRefusedWithTheDocumentedError() {
        RandomInputs.forAll(2000, random -> random.nextBoolean() ? RandomInputs.anyString(random, 200)
                : RandomInputs.mutate(random, ANSWERS), text -> {
            try {
                Inventory.Answer read = Inventory.decode(TextNode.valueOf(text), 3);
                assertThat(read.entries()).hasSizeLessThanOrEqualTo(3).allSatisfy(entry ->
                        assertThat(List.of(entry.key(), entry.uid(), entry.resourceVersion())).doesNotContainNull());
            } catch (ProtocolException expected) {
                assertThat(expected.reason()).isIn(Set.of(ProtocolException.Reason.MALFORMED_JSON,
                        ProtocolException.Reason.MISSING_FIELD));
            }
        });
    }
}
