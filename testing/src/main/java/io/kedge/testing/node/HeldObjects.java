package io.kedge.testing.node;

import io.kedge.protocol.Inventory;
import io.kedge.protocol.Message;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a node's MetaManager persisted, reduced to what the inventory answer names: outlives a
 * {@link FakeNode} session, as SQLite outlives a connection. Thread-safe.
 */
public final class HeldObjects {
    private final Map<String, Inventory.Entry> entries = new ConcurrentHashMap<>();

    /** Seeds an object the node holds from an earlier life. */
    public void put(String key, String uid, String resourceVersion) {
        entries.put(key, new Inventory.Entry(key, uid, resourceVersion));
    }

    /** Stores what an insert or update carries: the header's resource version, else the object's own. */
    void apply(Message message) {
        String headerVersion = message.header().resourceVersion();
        String version = headerVersion == null || headerVersion.isEmpty()
                ? message.content().path("metadata").path("resourceVersion").asText("") : headerVersion;
        put(message.resource(), message.content().path("metadata").path("uid").asText(""), version);
    }

    void remove(String key) {
        entries.remove(key);
    }

    public Set<String> keys() {
        return Set.copyOf(entries.keySet());
    }

    public boolean holds(String key) {
        return entries.containsKey(key);
    }

    public int size() {
        return entries.size();
    }

    /** The resource version held for {@code key}, or null when the node does not hold it. */
    public String resourceVersion(String key) {
        Inventory.Entry entry = entries.get(key);
        return entry == null ? null : entry.resourceVersion();
    }

    /** The answer to the cloud's inventory query. */
    Message answer(Message query) {
        return Message.responseTo(query, FakeNode.SOURCE, Inventory.answer(entries.values()));
    }
}
