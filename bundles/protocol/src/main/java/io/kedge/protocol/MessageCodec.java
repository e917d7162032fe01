package io.kedge.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /**
     * Deepest nesting of objects and arrays a frame may have; Kubernetes objects stay far below it,
     * and it keeps every recursive walk of a decoded tree (logging, encoding) far from the stack's end.
     */
    public static final int MAX_DEPTH = 200;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Parses frames from peers, with the nesting bound. */
    private static final JsonFactory FRAMES = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private final int maxFrameBytes;
    private final ObjectReader trees;

    public MessageCodec() {
        this(DEFAULT_MAX_FRAME_BYTES);
    }

    public MessageCodec(int maxFrameBytes) {
        this(maxFrameBytes, JsonNodeFactory.instance);
    }

    /** @param nodes builds the trees of decoded frames; tests count what a frame costs with it */
    public MessageCodec(int maxFrameBytes, JsonNodeFactory nodes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.trees = MAPPER.reader().with(nodes);
    }

    /** The shared mapper, configured for envelopes and Kubernetes objects. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A message's content as a JSON object: as sent, or parsed from a string, as KubeEdge's senders
     * write JSON content.
     *
     * @param what names the content in the error, e.g. "twin report"
     * @throws ProtocolException MALFORMED_JSON for a string that is no JSON or content that is no object
     */
    public static JsonNode contentObject(JsonNode content, String what) throws ProtocolException {
        JsonNode tree = content;
        if (content != null && content.isTextual()) {
            try {
                tree = MAPPER.readTree(content.asText());
            } catch (Exception e) {
                throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, what + " is not JSON: " + e.getMessage(), e);
            }
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, what + " is not a JSON object");
        }
        return tree;
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
     * that is empty or longer than {@link #MAX_BATCH} fails as a whole, before any of its envelopes
     * is turned into a tree: a batch's length is counted on the token stream first. Otherwise every
     * entry is decoded on its own, so one bad envelope costs only itself.
     *
     * @throws ProtocolException {@code OVERSIZE} or {@code MALFORMED_JSON}, and nothing else
     */
    public List<DecodedEntry> decodeFrame(String frame) throws ProtocolException {
        checkFrame(frame);
        try (JsonParser parser = FRAMES.createParser(frame)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                return List.of(entry(readWhole(parser, first)));
            }
            int size = batchSize(frame);
            List<DecodedEntry> entries = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                parser.nextToken();
                entries.add(entry(trees.readTree(parser)));
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
    }

    private DecodedEntry entry(JsonNode tree) {
        try {
            return DecodedEntry.of(fromTree(tree));
        } catch (ProtocolException e) {
            return DecodedEntry.failed(tree, e);
        }
    }

    /**
     * Decodes a frame that must hold exactly one envelope. A refusal of a frame that was JSON carries
     * that JSON ({@link ProtocolException#json()}).
     */
    public Message decode(String frame) throws ProtocolException {
        checkFrame(frame);
        JsonNode tree;
        try (JsonParser parser = FRAMES.createParser(frame)) {
            tree = readWhole(parser, parser.nextToken());
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
        try {
            return fromTree(tree);
        } catch (ProtocolException e) {
            throw e.about(tree);
        }
    }

    private void checkFrame(String frame) throws ProtocolException {
        if (frame == null) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "empty frame");
        }
        checkSize(frame);
    }

    /** The one JSON value the parser holds, which starts at {@code first}; anything after it is refused. */
    private JsonNode readWhole(JsonParser parser, JsonToken first) throws IOException, ProtocolException {
        if (first == null) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "empty frame");
        }
        JsonNode tree = trees.readTree(parser);
        if (parser.nextToken() != null) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "data after the envelope");
        }
        return tree;
    }

    /**
     * How many envelopes the batch {@code frame} holds, counted on its tokens without building any
     * tree; also proves the whole frame is well-formed JSON before anything is allocated for it.
     */
    private static int batchSize(String frame) throws IOException, ProtocolException {
        try (JsonParser parser = FRAMES.createParser(frame)) {
            parser.nextToken();
            int size = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (++size > MAX_BATCH) {
                    throw new ProtocolException(ProtocolException.Reason.OVERSIZE,
                            "a batch holds 1 to " + MAX_BATCH + " messages, this one at least " + size);
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, "data after the batch");
            }
            if (size == 0) {
                throw new ProtocolException(ProtocolException.Reason.OVERSIZE,
                        "a batch holds 1 to " + MAX_BATCH + " messages, this one none");
            }
            return size;
        }
    }

    /** Jackson's own refusals (syntax, nesting depth) and anything unexpected from it: not JSON we take. */
    private static ProtocolException malformed(Exception e) {
        String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.toString();
        return new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, why, e);
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
