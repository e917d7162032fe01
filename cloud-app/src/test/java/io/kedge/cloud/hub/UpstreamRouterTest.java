package io.kedge.cloud.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UpstreamRouterTest {
    private final AtomicLong objectsBuilt = new AtomicLong();
    private final MessageCodec codec = new MessageCodec(MessageCodec.DEFAULT_MAX_FRAME_BYTES, new JsonNodeFactory(false) {
        private static final long serialVersionUID = 1L;

        @Override
        public ObjectNode objectNode() {
            objectsBuilt.incrementAndGet();
            return super.objectNode();
        }
    });
    private final List<String> logLines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final ProtocolErrorCounter errors = new ProtocolErrorCounter();
    private final UpstreamRouter router = new UpstreamRouter(codec, new UpstreamHandlers(), node -> { }, errors,
            NodeSessionListener.NONE, new NodeLogLimiter(Duration.ofSeconds(10), now::get,
                    (line, cause) -> logLines.add(line)));

    @Test
    void aBatchOfBadEnvelopesIsAnsweredInFullAndLoggedAsOneEscapedLine() {
        String bad = "{\"header\":{\"msg_id\":\"m\"},\"route\":{\"operation\":\"x\\nINFO forged line\\u001b[2J\","
                + "\"resource\":\"ns/pod/p\"}}";
        String frame = "[" + String.join(",", Collections.nCopies(MessageCodec.MAX_BATCH, bad)) + "]";

        List<Message> replies = router.route("edge-l", frame);
        router.route("edge-l", frame);

        assertThat(replies).hasSize(MessageCodec.MAX_BATCH).allMatch(r -> Operations.ERROR.equals(r.operation()));
        assertThat(errors.errors("edge-l")).isEqualTo(2L * MessageCodec.MAX_BATCH);
        assertThat(logLines).as("one line for the first frame, the second held back").hasSize(1);
        String line = logLines.get(0);
        assertThat(line).contains("refused 1024 of 1024").contains("x\\u000aINFO forged line\\u001b[2J")
                .doesNotContain("\n").doesNotContain("\u001b");

        now.addAndGet(Duration.ofSeconds(11).toNanos());
        router.route("edge-l", bad);
        assertThat(logLines).hasSize(2);
        assertThat(logLines.get(1)).contains("1 such lines about node edge-l held back");
    }

    @Test
    void aRefusedFrameIsParsedOnceAndItsReplyStillNamesTheRequest() {
        String frame = "{\"header\":{\"msg_id\":\"m-1\"},\"route\":{\"operation\":\"explode\",\"group\":\"resource\","
                + "\"resource\":\"ns/pod/p\"}}";

        Message reply = router.route("edge-p", frame).get(0);

        assertThat(reply.parentId()).isEqualTo("m-1");
        assertThat(reply.resource()).isEqualTo("ns/pod/p");
        assertThat(objectsBuilt).as("root, header and route: once").hasValue(3);
    }

    @Test
    void anOverlongBatchIsRefusedWithoutBuildingItsEnvelopes() {
        String keepalive = "{\"header\":{\"msg_id\":\"k\"},\"route\":{\"operation\":\"keepalive\"}}";
        String frame = "[" + String.join(",", Collections.nCopies(MessageCodec.MAX_BATCH + 1, keepalive)) + "]";

        List<Message> replies = router.route("edge-o", frame);

        assertThat(replies).singleElement().satisfies(r -> assertThat(r.content().asText()).startsWith("OVERSIZE"));
        assertThat(objectsBuilt).hasValue(0);
    }
}
