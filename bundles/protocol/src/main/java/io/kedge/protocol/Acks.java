package io.kedge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link Operations#ACK} message stands for the empty {@code response} of each message it names:
 * {@code content} is the JSON array of their {@code msg_id}s. A node that stored a batch of objects
 * so answers with about 40 bytes per object instead of a whole envelope.
 */
public final class Acks {
    private Acks() {
    }

    /** An ack of {@code messageIds} (1 to {@link MessageCodec#MAX_BATCH} of them). */
    public static Message of(String source, List<String> messageIds) {
        if (messageIds.isEmpty() || messageIds.size() > MessageCodec.MAX_BATCH) {
            throw new IllegalArgumentException("an ack names 1 to " + MessageCodec.MAX_BATCH + " messages, not "
                    + messageIds.size());
        }
        ArrayNode ids = MessageCodec.mapper().createArrayNode();
        messageIds.forEach(ids::add);
        return Message.create(source, Groups.RESOURCE, "", Operations.ACK, ids);
    }

    /** The ids an ack names; a malformed ack is a protocol error, never a partial list. */
    public static List<String> ids(Message ack) throws ProtocolException {
        JsonNode content = ack.content();
        if (!Operations.ACK.equals(ack.operation()) || !content.isArray() || content.isEmpty()
                || content.size() > MessageCodec.MAX_BATCH) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD,
                    "an ack's content must be an array of 1 to " + MessageCodec.MAX_BATCH + " message ids");
        }
        List<String> ids = new ArrayList<>(content.size());
        for (JsonNode id : content) {
            if (!id.isTextual() || id.asText().isEmpty()) {
                throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD,
                        "an ack names message ids as non-empty strings, not " + id);
            }
            ids.add(id.asText());
        }
        return ids;
    }
}
