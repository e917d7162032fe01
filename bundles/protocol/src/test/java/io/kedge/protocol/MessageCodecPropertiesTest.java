package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.testing.RandomInputs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a peer may send the decoders: anything. Random, mutated, truncated and nested input only
 * ever decodes or raises a {@link ProtocolException} with a documented reason; frames over the bound
 * are refused, and an over-long batch builds no tree.
 */
class MessageCodecPropertiesTest {
    /** What {@link MessageCodec#decodeFrame} and {@link MessageCodec#decode} may refuse a whole frame for. */
    private static final Set<ProtocolException.Reason> FRAME_REASONS =
            Set.of(ProtocolException.Reason.MALFORMED_JSON, ProtocolException.Reason.OVERSIZE);
    /** Why one envelope of a frame may be refused. */
    private static final Set<ProtocolException.Reason> ENTRY_REASONS = Set.of(ProtocolException.Reason.MALFORMED_JSON,
            ProtocolException.Reason.MISSING_FIELD, ProtocolException.Reason.UNKNOWN_OPERATION);
    private static final int SMALL_BOUND = 4096;

    private final MessageCodec codec = new MessageCodec(SMALL_BOUND);

    @Test
    void randomTextOnlyEverRaisesTheDocumentedError() {
        RandomInputs.forAll(4000, random -> RandomInputs.anyString(random, 300), this::assertOnlyDocumentedOutcomes);
    }

    @Test
    void mutatedEnvelopesAndBatchesOnlyEverRaiseTheDocumentedError() {
        RandomInputs.forAll(3000, random -> RandomInputs.mutate(random, validFrames(random)),
                this::assertOnlyDocumentedOutcomes);
    }

    @Test
    void everyTruncationOnlyEverRaisesTheDocumentedError() {
        RandomInputs.forAll(200, this::validFrame, frame -> {
            for (int cut = 0; cut < frame.length(); cut++) {
                assertOnlyDocumentedOutcomes(frame.substring(0, cut));
            }
        });
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        RandomInputs.forAll(200, random -> RandomInputs.pick(random, "[", "{\"a\":", "[{\"a\":", "{\"a\":[")
                .repeat(1 + random.nextInt(random.nextBoolean() ? 300 : 50_000)), opened -> {
            assertOnlyDocumentedOutcomes(opened);
            int depth = opened.length();
            assertOnlyDocumentedOutcomes("{\"header\":{\"msg_id\":\"1\"},\"route\":{\"operation\":\"insert\"},"
                    + "\"content\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        });
    }

    @Test
    void framesOverTheBoundAreRefusedAsOversize() {
        RandomInputs.forAll(100, random -> {
            String frame = validFrame(random);
            int length = SMALL_BOUND + 1 + random.nextInt(3 * SMALL_BOUND);
            return (frame + " ".repeat(length)).substring(0, Math.max(length, frame.length()));
        }, big -> assertThat(reasonOf(big)).isEqualTo(ProtocolException.Reason.OVERSIZE));
    }

    @Test
    void batchesOverTheLimitAreRefusedWithoutBuildingATree() {
        RandomInputs.forAll(30, random -> {
            int size = MessageCodec.MAX_BATCH + 1 + random.nextInt(2 * MessageCodec.MAX_BATCH);
            return "[" + String.join(",", Collections.nCopies(size, validEnvelope(random))) + "]";
        }, batch -> {
            CountingNodes nodes = new CountingNodes();
            MessageCodec counting = new MessageCodec(Integer.MAX_VALUE, nodes);
            try {
                counting.decodeFrame(batch);
                throw new AssertionError("an over-long batch was decoded");
            } catch (ProtocolException e) {
                assertThat(e.reason()).isEqualTo(ProtocolException.Reason.OVERSIZE);
            }
            assertThat(nodes.built()).isZero();
        });
    }

    private void assertOnlyDocumentedOutcomes(String frame) {
        try {
            List<DecodedEntry> entries = codec.decodeFrame(frame);
            assertThat(entries).hasSizeBetween(1, MessageCodec.MAX_BATCH);
            for (DecodedEntry entry : entries) {
                entry.error().ifPresent(e -> assertThat(e.reason()).isIn(ENTRY_REASONS));
                assertThat(entry.message().isPresent()).isNotEqualTo(entry.error().isPresent());
            }
        } catch (ProtocolException e) {
            assertThat(e.reason()).isIn(FRAME_REASONS);
        }
        try {
            codec.decode(frame);
        } catch (ProtocolException e) {
            assertThat(e.reason()).isIn(ENTRY_REASONS.contains(e.reason()) ? ENTRY_REASONS : FRAME_REASONS);
        }
    }

    private ProtocolException.Reason reasonOf(String frame) {
        try {
            codec.decodeFrame(frame);
            return null;
        } catch (ProtocolException e) {
            return e.reason();
        }
    }

    private String validEnvelope(Random random) {
        String id = RandomInputs.pick(random, "1", "a7", "msg-42", "x".repeat(12));
        String operation = RandomInputs.pick(random, "insert", "update", "delete", "query", "response", "error",
                "keepalive", "ack", "upload", "patch");
        String content = RandomInputs.pick(random, "null", "\"ok\"", "{\"a\":[1,2,{\"b\":null}]}",
                "[\"id-1\",\"id-2\"]", "12.5e3", "true");
        try {
            return codec.encode(Message.create("edged", Groups.RESOURCE, RandomInputs.anyString(random, 30), operation,
                    MessageCodec.mapper().readTree(content)).withResourceVersion(id));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String validFrame(Random random) {
        int count = 1 + random.nextInt(6);
        List<String> envelopes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            envelopes.add(validEnvelope(random));
        }
        return MessageCodec.frameOf(envelopes);
    }

    private List<String> validFrames(Random random) {
        return List.of(validFrame(random), validFrame(random));
    }
}
