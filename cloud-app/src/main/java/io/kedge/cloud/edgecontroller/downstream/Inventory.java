package io.kedge.cloud.edgecontroller.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a node's inventory answer: {@code {"objects":[{"key":"ns/type/name","uid":"…","resourceVersion":"…"}]}}. */
final class Inventory {
    private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

    private Inventory() {
    }

    /**
     * Bad entries are skipped (logged): the diff then re-sends them as inserts, which the edge
     * applies idempotently.
     *
     * @throws IllegalArgumentException when the content has no objects array at all
     */
    static Map<ResourcePath, ObjectVersion> parse(JsonNode content) {
        JsonNode tree = content != null && content.isTextual() ? readText(content.asText()) : content;
        JsonNode objects = tree == null ? null : tree.get("objects");
        if (objects == null || !objects.isArray()) {
            throw new IllegalArgumentException("inventory has no \"objects\" array");
        }
        Map<ResourcePath, ObjectVersion> held = new LinkedHashMap<>();
        for (JsonNode entry : objects) {
            try {
                ResourcePath key = ResourcePath.parse(entry.path("key").asText(null));
                held.put(key, new ObjectVersion(entry.path("uid").asText(""), entry.path("resourceVersion").asText("")));
            } catch (ProtocolException e) {
                LOG.debug("Skipping inventory entry {}: {}", entry, e.getMessage());
            }
        }
        return held;
    }

    private static JsonNode readText(String text) {
        try {
            return MessageCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("inventory is not JSON: " + e.getMessage(), e);
        }
    }
}
