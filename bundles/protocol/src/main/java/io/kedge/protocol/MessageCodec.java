package io.kedge.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes envelopes as JSON text frames. A frame holds one envelope (a JSON object, as
 * KubeEdge writes) or a batch of them (a JSON array), which saves a WebSocket frame, a TLS record and
 * a write per message when many are on their way. Every way a frame can be bad ends in a
 * {@link ProtocolException} with a {@link ProtocolException.Reason}; nothing unchecked escapes, so a
 * bad frame never takes a session down.
 */
public final class MessageCodec {
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;
    /** Most envelopes one batch frame may hold; a longer batch is refused as a whole. */
    public static final int MAX_BATCH = 1024;

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

    /**
     * The envelope as KubeEdge writes it; empty strings and a false {@code sync} are left out. Written
     * field by field: this runs for every message to every node.
     */
    public String encode(Message message) throws ProtocolException {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            MessageHeader header = message.header();
            MessageRoute route = message.route();
            json.writeStartObject();
            json.writeObjectFieldStart("header");
            writeUnlessEmpty(json, "msg_id", header.id());
            writeUnlessEmpty(json, "parent_msg_id", header.parentId());
            json.writeNumberField("timestamp", header.timestamp());
            writeUnlessEmpty(json, "resourceversion", header.resourceVersion());
            if (header.sync()) {
                json.writeBooleanField("sync", true);
            }
            writeUnlessEmpty(json, "type", header.type());
            json.writeEndObject();
            json.writeObjectFieldStart("route");
            writeUnlessEmpty(json, "source", route.source());
            writeUnlessEmpty(json, "destination", route.destination());
            writeUnlessEmpty(json, "group", route.group());
            writeUnlessEmpty(json, "operation", route.operation());
            writeUnlessEmpty(json, "resource", route.resource());
            json.writeEndObject();
            json.writeFieldName("content");
            MAPPER.writeTree(json, message.content());
            json.writeEndObject();
        } catch (IOException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "cannot encode " + message, e);
        }
        String text = out.toString();
        checkSize(text);
        return text;
    }

    private static void writeUnlessEmpty(JsonGenerator json, String field, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(field, value);
        }
    }

    /**
     * The text of one frame carrying {@code encoded} envelopes, each made by {@link #encode}: the
     * envelope itself for one, a batch for more. The caller keeps the batch within {@link #MAX_BATCH}
     * envelopes and the peer's frame size.
     */
    public static String frameOf(List<String> encoded) {
        if (encoded.isEmpty() || encoded.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a frame carries 1 to " + MAX_BATCH + " messages, not " + encoded.size());
        }
        if (encoded.size() == 1) {
            return encoded.get(0);
        }
        int length = encoded.size() + 1;
        for (String text : encoded) {
            length += text.length();
        }
        StringBuilder frame = new StringBuilder(length).append('[');
        for (int i = 0; i < encoded.size(); i++) {
            frame.append(i == 0 ? "" : ",").append(encoded.get(i));
        }
        return frame.append(']').toString();
    }

    /**
     * Decodes a frame of one envelope or a batch. A frame that is not JSON, too large, or a batch
     * that is empty or longer than {@link #MAX_BATCH} fails as a whole; otherwise every entry is
     * decoded on its own, so one bad envelope costs only itself.
     */
    public List<DecodedEntry> decodeFrame(String frame) throws ProtocolException {
        JsonNode tree = parse(frame);
        if (!tree.isArray()) {
            return List.of(entry(tree));
        }
        if (tree.isEmpty() || tree.size() > MAX_BATCH) {
            throw new ProtocolException(ProtocolException.Reason.OVERSIZE,
                    "a batch holds 1 to " + MAX_BATCH + " messages, this one " + tree.size());
        }
        List<DecodedEntry> entries = new ArrayList<>(tree.size());
        tree.forEach(element -> entries.add(entry(element)));
        return entries;
    }

    private DecodedEntry entry(JsonNode tree) {
        try {
            return DecodedEntry.of(fromTree(tree));
        } catch (ProtocolException e) {
            return DecodedEntry.failed(tree, e);
        }
    }

    /** Decodes a frame that must hold exactly one envelope. */
    public Message decode(String frame) throws ProtocolException {
        return fromTree(parse(frame));
    }

    private JsonNode parse(String frame) throws ProtocolException {
        if (frame == null) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "empty frame");
        }
        checkSize(frame);
        try {
            JsonNode tree = MAPPER.readTree(frame);
            if (tree == null) {
                throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "empty frame");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, e.getOriginalMessage(), e);
        }
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
