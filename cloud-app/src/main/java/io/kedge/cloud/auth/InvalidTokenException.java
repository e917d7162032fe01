package io.kedge.cloud.auth;

/** A join token that does not admit a node; {@link #reason()} tells the cases apart. */
public final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        MISSING("no token given"),
        MALFORMED("token is malformed"),
        WRONG_CA_HASH("token was issued for a different cluster CA"),
        BAD_SIGNATURE("token signature is invalid (forged or from another cluster)"),
        EXPIRED("token has expired"),
        /** A node-bound token shown for another node name. */
        WRONG_NODE("token is bound to another node"),
        /** A single-use token that already admitted its node. */
        ALREADY_USED("token has already been used");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String detail) {
        super(detail == null ? reason.text() : reason.text() + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status of the refusal: 403 for a valid token shown for another node, else 401. */
    public int httpStatus() {
        return reason == Reason.WRONG_NODE ? 403 : 401;
    }
}
