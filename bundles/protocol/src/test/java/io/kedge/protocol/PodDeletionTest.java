package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.testing.RandomInputs;
import org.junit.jupiter.api.Test;

class PodDeletionTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void aDeletionRoundTripsThroughTheWireInKubeEdgesShape() throws Exception {
        PodDeletion deletion = new PodDeletion("plant", "web-1", "0c1f3a8e-5d2b-4c1e-9a7f-2b6d8e4f1a3c");

        Message received = codec.decode(codec.encode(deletion.toMessage("edged")));

        assertThat(received.operation()).isEqualTo(Operations.DELETE);
        assertThat(received.resource()).isEqualTo("plant/pod/web-1");
        assertThat(received.group()).isEqualTo(Groups.RESOURCE);
        assertThat(received.content()).isEqualTo(TextNode.valueOf("0c1f3a8e-5d2b-4c1e-9a7f-2b6d8e4f1a3c"));
        assertThat(PodDeletion.decode(received)).isEqualTo(deletion);
        assertThat(deletion.outboxKey()).isEqualTo("pod/plant/web-1");
    }

    @Test
    void whatIsNoDeletionOfOnePodIsRefusedWithItsReason() {
        assertRefused(Message.create("edged", Groups.RESOURCE, "plant/pod/web", Operations.UPDATE,
                TextNode.valueOf("u")), ProtocolException.Reason.UNKNOWN_OPERATION);
        assertRefused(Message.create("edged", Groups.RESOURCE, "plant/podstatus/web", Operations.DELETE,
                TextNode.valueOf("u")), ProtocolException.Reason.BAD_RESOURCE);
        assertRefused(Message.create("edged", Groups.RESOURCE, "/pod/web", Operations.DELETE,
                TextNode.valueOf("u")), ProtocolException.Reason.BAD_RESOURCE);
        assertRefused(Message.create("edged", Groups.RESOURCE, "plant/pod", Operations.DELETE,
                TextNode.valueOf("u")), ProtocolException.Reason.BAD_RESOURCE);
        for (var content : new com.fasterxml.jackson.databind.JsonNode[] {null, TextNode.valueOf(""),
                IntNode.valueOf(7), MessageCodec.mapper().createObjectNode().put("uid", "u"),
                TextNode.valueOf("u".repeat(PodDeletion.MAX_UID + 1))}) {
            assertRefused(Message.create("edged", Groups.RESOURCE, "plant/pod/web", Operations.DELETE, content),
                    ProtocolException.Reason.MISSING_FIELD);
        }
    }

    @Test
    void anyResourceAndContentIsEitherADeletionOrARefusalNeverACrash() {
        RandomInputs.forAll(500, random -> Message.create("edged", Groups.RESOURCE,
                RandomInputs.pick(random, "plant/pod/", "plant/", "") + RandomInputs.anyString(random, 20),
                Operations.DELETE, RandomInputs.anyJson(random, 3)), message -> {
                    try {
                        PodDeletion deletion = PodDeletion.decode(message);
                        assertThat(deletion.uid()).isEqualTo(message.content().asText());
                        assertThat(deletion.path().toString()).isEqualTo(message.resource());
                    } catch (ProtocolException refused) {
                        assertThat(refused.reason()).isIn(ProtocolException.Reason.MISSING_FIELD,
                                ProtocolException.Reason.BAD_RESOURCE);
                    }
                });
    }

    private static void assertRefused(Message message, ProtocolException.Reason reason) {
        assertThatThrownBy(() -> PodDeletion.decode(message)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
