package io.kedge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What an edge MetaManager persisted: outlives a FakeEdgeNode connection, as SQLite outlives a session. */
final class FakeMetaStore {
    private final Map<String, JsonNode> objects = new TreeMap<>();

    synchronized void put(String key, JsonNode object) {
        objects.put(key, object);
    }

    /** Seeds an object the node holds from an earlier life. */
    synchronized void put(String key, String uid, String resourceVersion) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.putObject("metadata").put("uid", uid).put("resourceVersion", resourceVersion);
        objects.put(key, object);
    }

    synchronized void remove(String key) {
        objects.remove(key);
    }

    synchronized Set<String> keys() {
        return Set.copyOf(objects.keySet());
    }

    synchronized String resourceVersion(String key) {
        JsonNode object = objects.get(key);
        return object == null ? null : object.path("metadata").path("resourceVersion").asText();
    }

    /** The answer to the cloud's inventory query. */
    synchronized ObjectNode inventory() {
        List<Inventory.Entry> held = new ArrayList<>(objects.size());
        objects.forEach((key, object) -> held.add(new Inventory.Entry(key,
                object.path("metadata").path("uid").asText(""),
                object.path("metadata").path("resourceVersion").asText(""))));
        return Inventory.answer(held);
    }
}
