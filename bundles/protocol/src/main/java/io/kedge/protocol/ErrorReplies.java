package io.kedge.protocol;

/**
 * What an error reply tells its sender to do. A refusal is final: resending the same message gets
 * the same answer. An error whose text starts with {@link #UNAVAILABLE} says the receiver could not
 * act right now (its API server is down, say) and the same message may succeed later.
 */
public final class ErrorReplies {
    public static final String UNAVAILABLE = "UNAVAILABLE: ";

    private ErrorReplies() {
    }

    /** An error reply to {@code request} that invites a later resend. */
    public static Message unavailable(Message request, String source, String why) {
        return Message.errorTo(request, source, UNAVAILABLE + why);
    }

    /** True for an error reply its sender should retry; false for a response or a final refusal. */
    public static boolean isRetryable(Message reply) {
        return Operations.ERROR.equals(reply.operation()) && reply.content().isTextual()
                && reply.content().asText().startsWith(UNAVAILABLE);
    }
}
