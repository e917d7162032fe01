package io.kedge.edgehub;

/**
 * Joins the parts of a WebSocket text message and refuses to grow past the frame limit, so a
 * misbehaving peer cannot make the node buffer without bound.
 */
final class FrameAssembler {
    /** What {@link #append} made of a part. */
    enum State { PARTIAL, COMPLETE, TOO_LARGE }

    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();
    private boolean overflowed;
    private String complete;

    FrameAssembler(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Adds a part; after {@link State#COMPLETE}, {@link #message()} holds the whole text. */
    State append(CharSequence part, boolean last) {
        if (!overflowed && buffer.length() + part.length() > maxChars) {
            overflowed = true;
            buffer.setLength(0);
        }
        if (!overflowed) {
            buffer.append(part);
        }
        if (!last) {
            return State.PARTIAL;
        }
        State state = overflowed ? State.TOO_LARGE : State.COMPLETE;
        complete = overflowed ? null : buffer.toString();
        buffer.setLength(0);
        overflowed = false;
        return state;
    }

    String message() {
        return complete;
    }
}
