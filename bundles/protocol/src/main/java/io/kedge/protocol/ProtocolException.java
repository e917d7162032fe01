package io.kedge.protocol;

/** A frame or message that breaks the protocol. Checked, so no caller can forget it. */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong, for counting and for the error reply. */
    public enum Reason {
        MALFORMED_JSON, MISSING_FIELD, UNKNOWN_OPERATION, OVERSIZE, BAD_RESOURCE, FORBIDDEN
    }

    private final Reason reason;

    public ProtocolException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ProtocolException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason + ": " + super.getMessage();
    }
}
