package io.kedge.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers envelopes encoded by {@link MessageCodec#encode} into frames of at most
 * {@link MessageCodec#MAX_BATCH} of them and about a budget of characters; a single larger
 * envelope still gets a frame of its own. Not thread-safe: one per sender and round.
 */
public final class FrameBuilder {
    /** Characters of a frame: well below any frame limit even for multi-byte text. */
    public static final int DEFAULT_BUDGET_CHARS = 512 * 1024;

    private final int budgetChars;
    private final List<String> encoded = new ArrayList<>();
    private int chars;

    public FrameBuilder(int budgetChars) {
        this.budgetChars = budgetChars;
    }

    /** Whether {@code text} may join the frame being built; always true for an empty frame. */
    public boolean fits(String text) {
        return encoded.isEmpty() || (encoded.size() < MessageCodec.MAX_BATCH && chars + text.length() <= budgetChars);
    }

    public void add(String text) {
        encoded.add(text);
        chars += text.length() + 1;
    }

    public boolean isEmpty() {
        return encoded.isEmpty();
    }

    /** Envelopes in the frame being built. */
    public int size() {
        return encoded.size();
    }

    /** The frame's text ({@link MessageCodec#frameOf}); the builder is empty again. */
    public String take() {
        String frame = MessageCodec.frameOf(encoded);
        encoded.clear();
        chars = 0;
        return frame;
    }
}
