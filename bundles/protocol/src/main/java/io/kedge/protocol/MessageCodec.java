package io.kedge.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes envelopes as JSON text frames. Every way a frame can be bad ends in a
 * {@link ProtocolException} with a {@link ProtocolException.Reason}; nothing unchecked escapes, so a
 * bad frame never takes a session down.
 */
public final class MessageCodec {
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final int maxFrameBytes;

    public MessageCodec() {
        this(DEFAULT_MAX_FRAME_BYTES);
    }

    public MessageCodec(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /** The shared mapper, configured for envelopes and Kubernetes objects. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public String encode(Message message) throws ProtocolException {
        String text;
        try {
            text = MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "cannot encode " + message, e);
        }
        checkSize(text);
        return text;
    }

    public Message decode(String frame) throws ProtocolException {
        if (frame == null) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "empty frame");
        }
        checkSize(frame);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, e.getOriginalMessage(), e);
        }
        return fromTree(tree);
    }

    private Message fromTree(JsonNode tree) throws ProtocolException {
        if (tree == null || tree.getNodeType() != JsonNodeType.OBJECT) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "frame is not a JSON object");
        }
        JsonNode header = requireObject(tree, "header");
        JsonNode route = requireObject(tree, "route");
        String id = requireText(header, "msg_id", "header.msg_id");
        String operation = requireText(route, "operation", "route.operation");
        if (!Operations.isKnown(operation)) {
            throw new ProtocolException(ProtocolException.Reason.UNKNOWN_OPERATION,
                    "unknown operation '" + operation + "'");
        }
        MessageHeader h = new MessageHeader(id, text(header, "parent_msg_id"), header.path("timestamp").asLong(0),
                text(header, "resourceversion"), header.path("sync").asBoolean(false), text(header, "type"));
        MessageRoute r = new MessageRoute(text(route, "source"), text(route, "destination"), text(route, "group"),
                operation, text(route, "resource"));
        return new Message(h, r, tree.get("content"));
    }

    private void checkSize(String text) throws ProtocolException {
        // A char is at most 3 UTF-8 bytes: count exactly only when the cheap bound is not enough.
        if ((long) text.length() * 3 <= maxFrameBytes) {
            return;
        }
        int bytes = text.length() > maxFrameBytes ? Integer.MAX_VALUE : text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxFrameBytes) {
            throw new ProtocolException(ProtocolException.Reason.OVERSIZE,
                    "frame larger than " + maxFrameBytes + " bytes");
        }
    }

    private static JsonNode requireObject(JsonNode parent, String field) throws ProtocolException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD, "missing object '" + field + "'");
        }
        return node;
    }

    private static String requireText(JsonNode parent, String field, String path) throws ProtocolException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD, "missing field '" + path + "'");
        }
        return node.asText();
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? "" : node.asText();
    }
}
