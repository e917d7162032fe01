package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcksTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void anAckCarriesItsIdsAcrossTheWire() throws Exception {
        Message ack = Acks.of("metamanager", List.of("m1", "m2", "m3"));

        Message decoded = codec.decode(codec.encode(ack));

        assertThat(decoded.operation()).isEqualTo(Operations.ACK);
        assertThat(decoded.isResponse()).as("answered by nobody").isFalse();
        assertThat(Acks.ids(decoded)).containsExactly("m1", "m2", "m3");
        assertThat(codec.encode(ack).length()).as("a few bytes per acked message").isLessThan(200);
    }

    @Test
    void malformedAcksAreProtocolErrorsNotPartialLists() throws Exception {
        for (String content : List.of("\"m1\"", "[]", "[\"m1\", 7]", "[\"\"]", "null")) {
            Message ack = codec.decode("{\"header\":{\"msg_id\":\"a\"},\"route\":{\"operation\":\"ack\"},\"content\":"
                    + content + "}");
            assertThatThrownBy(() -> Acks.ids(ack)).as(content).isInstanceOf(ProtocolException.class)
                    .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(ProtocolException.Reason.MISSING_FIELD);
        }
        assertThatThrownBy(() -> Acks.of("x", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Acks.of("x", Collections.nCopies(MessageCodec.MAX_BATCH + 1, "m")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
