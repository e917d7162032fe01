package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBuilderTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void framesCloseAtTheBudgetAndALargerEnvelopeGoesAlone() throws Exception {
        String small = codec.encode(Message.create("edgecontroller", Groups.RESOURCE, "ns/pod/a", Operations.DELETE, null));
        String large = codec.encode(Message.create("edgecontroller", Groups.RESOURCE, "ns/configmap/big", Operations.INSERT,
                MessageCodec.mapper().createObjectNode().put("data", "x".repeat(4 * small.length()))));
        int budget = 3 * small.length() + 10;
        List<String> frames = split(List.of(small, small, small, small, large, small), budget);

        assertThat(frames).hasSize(4);
        assertThat(codec.decodeFrame(frames.get(0))).hasSize(3);
        assertThat(codec.decodeFrame(frames.get(1))).hasSize(1);
        assertThat(frames.get(2)).as("larger than the budget: alone, as a plain envelope").isEqualTo(large);
        assertThat(codec.decodeFrame(frames.get(3))).hasSize(1);
    }

    @Test
    void noFrameHoldsMoreThanABatch() throws Exception {
        String keepalive = codec.encode(Message.create("edgehub", Groups.RESOURCE, "node", Operations.KEEPALIVE, null));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < MessageCodec.MAX_BATCH + 1; i++) {
            many.add(keepalive);
        }

        List<String> frames = split(many, Integer.MAX_VALUE);

        assertThat(frames).hasSize(2);
        assertThat(codec.decodeFrame(frames.get(0))).hasSize(MessageCodec.MAX_BATCH);
    }

    private static List<String> split(List<String> encoded, int budget) {
        FrameBuilder frame = new FrameBuilder(budget);
        List<String> frames = new ArrayList<>();
        for (String text : encoded) {
            if (!frame.fits(text)) {
                frames.add(frame.take());
            }
            frame.add(text);
        }
        if (!frame.isEmpty()) {
            frames.add(frame.take());
        }
        return frames;
    }
}
