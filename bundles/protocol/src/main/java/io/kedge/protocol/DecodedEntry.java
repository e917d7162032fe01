package io.kedge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * One envelope of a frame: the message, or why it could not be read together with the JSON it came
 * as, from which an error reply can still name the sender's message id and resource.
 */
public final class DecodedEntry {
    private final Message message;
    private final ProtocolException error;
    private final JsonNode json;

    private DecodedEntry(Message message, ProtocolException error, JsonNode json) {
        this.message = message;
        this.error = error;
        this.json = json;
    }

    static DecodedEntry of(Message message) {
        return new DecodedEntry(message, null, null);
    }

    static DecodedEntry failed(JsonNode json, ProtocolException error) {
        return new DecodedEntry(null, error, json == null ? MissingNode.getInstance() : json);
    }

    /** The message, empty when the entry broke the protocol. */
    public Optional<Message> message() {
        return Optional.ofNullable(message);
    }

    /** Why the entry could not be read; empty for a message. */
    public Optional<ProtocolException> error() {
        return Optional.ofNullable(error);
    }

    /** The JSON of an entry that could not be read (the message's own JSON is not kept). */
    public JsonNode json() {
        return json == null ? MissingNode.getInstance() : json;
    }

    @Override
    public String toString() {
        return message != null ? message.toString() : "undecodable: " + error.getMessage();
    }
}
