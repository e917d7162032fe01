package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

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

    @Property(tries = 2000)
    void randomTextOnlyEverRaisesTheDocumentedError(@ForAll @StringLength(max = 300) String frame) {
        assertOnlyDocumentedOutcomes(frame);
    }

    @Property(tries = 2000)
    void randomJsonishTextOnlyEverRaisesTheDocumentedError(@ForAll("jsonish") String frame) {
        assertOnlyDocumentedOutcomes(frame);
    }

    @Property(tries = 3000)
    void mutatedEnvelopesAndBatchesOnlyEverRaiseTheDocumentedError(@ForAll("validFrames") String frame,
            @ForAll("mutations") List<Mutation> mutations) {
        String mutated = frame;
        for (Mutation mutation : mutations) {
            mutated = mutation.apply(mutated);
        }
        assertOnlyDocumentedOutcomes(mutated);
    }

    @Property(tries = 500)
    void everyTruncationOnlyEverRaisesTheDocumentedError(@ForAll("validFrames") String frame,
            @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        assertOnlyDocumentedOutcomes(frame.substring(0, Math.min(cut, frame.length())));
    }

    @Property(tries = 200)
    void deepNestingIsRefusedNotAStackOverflow(@ForAll @IntRange(min = 1, max = 50_000) int depth,
            @ForAll("openers") String opener) {
        String frame = opener.repeat(depth);
        assertOnlyDocumentedOutcomes(frame);
        assertOnlyDocumentedOutcomes("{\"header\":{\"msg_id\":\"1\"},\"route\":{\"operation\":\"insert\"},\"content\":"
                + "[".repeat(depth) + "]".repeat(depth) + "}");
    }

    @Property(tries = 100)
    void framesOverTheBoundAreRefusedAsOversize(@ForAll @IntRange(min = SMALL_BOUND + 1, max = 4 * SMALL_BOUND) int length,
            @ForAll("validFrames") String frame) {
        String big = (frame + " ".repeat(length)).substring(0, Math.max(length, frame.length()));
        assertThat(reasonOf(big)).isEqualTo(ProtocolException.Reason.OVERSIZE);
    }

    @Property(tries = 30)
    void batchesOverTheLimitAreRefusedWithoutBuildingATree(
            @ForAll @IntRange(min = MessageCodec.MAX_BATCH + 1, max = 3 * MessageCodec.MAX_BATCH) int size,
            @ForAll("validEnvelopes") String envelope) {
        CountingNodes nodes = new CountingNodes();
        MessageCodec counting = new MessageCodec(Integer.MAX_VALUE, nodes);
        String batch = "[" + String.join(",", Collections.nCopies(size, envelope)) + "]";
        try {
            counting.decodeFrame(batch);
            throw new AssertionError("a batch of " + size + " was decoded");
        } catch (ProtocolException e) {
            assertThat(e.reason()).isEqualTo(ProtocolException.Reason.OVERSIZE);
        }
        assertThat(nodes.built()).isZero();
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

    @Provide
    Arbitrary<String> openers() {
        return Arbitraries.of("[", "{\"a\":", "[{\"a\":", "{\"a\":[");
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[],:\"\\0123456789.eE-+ truefalsn\u0000\u001f\u2028\ud800")
                .ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> validEnvelopes() {
        Arbitrary<String> ids = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> operations = Arbitraries.of("insert", "update", "delete", "query", "response", "error",
                "keepalive", "ack", "upload", "patch");
        Arbitrary<String> resources = Arbitraries.strings().ofMaxLength(30);
        Arbitrary<String> contents = Arbitraries.of("null", "\"ok\"", "{\"a\":[1,2,{\"b\":null}]}", "[\"id-1\",\"id-2\"]",
                "12.5e3", "true");
        return Combinators.combine(ids, operations, resources, contents).as((id, operation, resource, content) -> {
            try {
                return codec.encode(Message.create("edged", Groups.RESOURCE, resource, operation,
                        MessageCodec.mapper().readTree(content)).withResourceVersion(id));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Provide
    Arbitrary<String> validFrames() {
        return validEnvelopes().list().ofMinSize(1).ofMaxSize(6)
                .map(envelopes -> envelopes.size() == 1 ? envelopes.get(0) : MessageCodec.frameOf(envelopes));
    }

    /** One edit of a frame at a position given as a fraction of its length. */
    record Mutation(int kind, double at, String text) {
        String apply(String frame) {
            int position = (int) (at * frame.length());
            return switch (kind) {
                case 0 -> frame.substring(0, position) + text + frame.substring(position);
                case 1 -> frame.substring(0, position) + frame.substring(Math.min(frame.length(), position + text.length()));
                case 2 -> frame.substring(0, position) + text
                        + frame.substring(Math.min(frame.length(), position + text.length()));
                default -> frame.substring(0, position) + frame.substring(position, Math.min(frame.length(),
                        position + text.length() * 4)).repeat(2) + frame.substring(Math.min(frame.length(),
                        position + text.length() * 4));
            };
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<String> texts = Arbitraries.oneOf(Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null",
                "\"msg_id\":", "\"operation\":\"explode\"", "\"header\":[]", "\"route\":null", "1e99999", "-",
                "\u0000", "\ud800"), Arbitraries.strings().ofMinLength(1).ofMaxLength(8));
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.doubles().between(0, 1), texts).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4).map(ArrayList::new);
    }
}
