package io.kedge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The inventory exchange. After a node connects, the cloud asks what it holds with a
 * {@code query} on {@code default/inventory/{node}} (group {@code resource}, empty object as
 * content); the node's MetaManager answers with a {@code response} whose content is
 * {@code {"objects":[{"key":"ns/type/name","uid":"…","resourceVersion":"…"}]}}.
 *
 * <p>The answer comes from a node: {@link #decode} reads a bounded number of entries and believes
 * nothing about their text; what a reader keeps is its own decision.
 */
public final class Inventory {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String OBJECTS = "objects";

    /** One object a node holds; the fields are as the node sent them (never null when decoded). */
    public record Entry(String key, String uid, String resourceVersion) {
    }

    /**
     * A decoded answer.
     *
     * @param entries   the first entries of the answer, at most the bound given to {@link #decode}
     * @param truncated entries beyond that bound, not read
     */
    public record Answer(List<Entry> entries, int truncated) {
        public Answer {
            entries = List.copyOf(entries);
        }
    }

    private Inventory() {
    }

    /** The resource the query is about: {@code default/inventory/{node}}. */
    public static String queryResource(String nodeName) {
        return ResourcePath.of(ResourceTypes.CLUSTER_NAMESPACE, ResourceTypes.INVENTORY, nodeName).toString();
    }

    /** The cloud's question to {@code nodeName}, sent by {@code source}. */
    public static Message query(String source, String nodeName) {
        return Message.create(source, Groups.RESOURCE, queryResource(nodeName), Operations.QUERY, JSON.objectNode());
    }

    /** Whether {@code message} is the inventory query (and not a node-local query of the store). */
    public static boolean isQuery(Message message) {
        if (!Operations.QUERY.equals(message.operation())) {
            return false;
        }
        String[] parts = message.resource().split("/", -1);
        return parts.length == 3 && parts[1].equals(ResourceTypes.INVENTORY);
    }

    /** The answer's content for the objects a node holds. A null uid or version is sent as JSON null. */
    public static ObjectNode answer(Iterable<Entry> held) {
        ArrayNode objects = JSON.arrayNode();
        for (Entry entry : held) {
            objects.addObject().put("key", entry.key()).put("uid", entry.uid())
                    .put("resourceVersion", entry.resourceVersion());
        }
        ObjectNode content = JSON.objectNode();
        content.set(OBJECTS, objects);
        return content;
    }

    /**
     * Reads an answer's content: the object above, or the same as a JSON string. Reads at most
     * {@code maxEntries} entries and counts the rest; a field that is missing or not text is read as
     * its text form or {@code ""}.
     *
     * @throws ProtocolException MALFORMED_JSON when the content is text that is not JSON,
     *                           MISSING_FIELD when it has no {@code objects} array
     */
    public static Answer decode(JsonNode content, int maxEntries) throws ProtocolException {
        JsonNode tree = content != null && content.isTextual() ? readText(content.asText()) : content;
        JsonNode objects = tree == null ? null : tree.get(OBJECTS);
        if (objects == null || !objects.isArray()) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD, "inventory has no \"objects\" array");
        }
        int read = Math.min(objects.size(), maxEntries);
        List<Entry> entries = new ArrayList<>(read);
        for (int i = 0; i < read; i++) {
            JsonNode entry = objects.get(i);
            entries.add(new Entry(entry.path("key").asText(""), entry.path("uid").asText(""),
                    entry.path("resourceVersion").asText("")));
        }
        return new Answer(entries, objects.size() - read);
    }

    private static JsonNode readText(String text) throws ProtocolException {
        try {
            return MessageCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON,
                    "inventory is not JSON: " + e.getMessage(), e);
        }
    }
}
