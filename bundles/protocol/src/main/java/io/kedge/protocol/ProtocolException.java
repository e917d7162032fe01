package io.kedge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A frame or message that breaks the protocol. Checked, so no caller can forget it. Carries the JSON
 * of the envelope it is about when the codec had already parsed it, so an error reply can name the
 * sender's message id without parsing the frame a second time.
 */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong, for counting and for the error reply. */
    public enum Reason {
        MALFORMED_JSON, MISSING_FIELD, UNKNOWN_OPERATION, OVERSIZE, BAD_RESOURCE, FORBIDDEN
    }

    private final Reason reason;
    private final transient JsonNode json;

    public ProtocolException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public ProtocolException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    private ProtocolException(Reason reason, String message, Throwable cause, JsonNode json) {
        super(message, cause);
        this.reason = reason;
        this.json = json;
    }

    /** The same error, about the envelope parsed as {@code json}. */
    ProtocolException about(JsonNode envelope) {
        return new ProtocolException(reason, super.getMessage(), getCause(), envelope);
    }

    /** The envelope as parsed before it was refused; a missing node when it could not be parsed (or never was). */
    public JsonNode json() {
        return json == null ? MissingNode.getInstance() : json;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason + ": " + super.getMessage();
    }
}
