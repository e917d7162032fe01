package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.ApplyStats;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.protocol.MessageCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** An in-memory store with a listener whiteboard that behaves as the MetaManager's is specified to. */
final class FakeMetaStore implements MetaStore {
    private final TreeMap<String, MetaObject> objects = new TreeMap<>();
    private final List<MetaListener> listeners = new CopyOnWriteArrayList<>();
    private long revision;
    private ApplyStats applyStats = ApplyStats.NONE;

    /** Registers a listener: first every held object as ADDED, then live changes. */
    synchronized void register(MetaListener listener) {
        objects.values().forEach(o -> listener.onChange(new MetaEvent(MetaEvent.Kind.ADDED, o, revision)));
        listeners.add(listener);
    }

    synchronized void put(MetaObject object) {
        MetaObject old = objects.put(object.key(), object);
        publish(old == null ? MetaEvent.Kind.ADDED : MetaEvent.Kind.MODIFIED, object);
    }

    synchronized void delete(String namespace, String type, String name) {
        MetaObject old = objects.remove(namespace + "/" + type + "/" + name);
        if (old != null) {
            publish(MetaEvent.Kind.DELETED, old);
        }
    }

    private void publish(MetaEvent.Kind kind, MetaObject object) {
        revision++;
        MetaEvent event = new MetaEvent(kind, object, revision);
        listeners.forEach(l -> l.onChange(event));
    }

    @Override
    public synchronized Optional<MetaObject> get(String namespace, String type, String name) {
        return Optional.ofNullable(objects.get(namespace + "/" + type + "/" + name));
    }

    @Override
    public synchronized List<MetaObject> list(String type, String namespace) {
        return objects.values().stream()
                .filter(o -> o.type().equals(type) && (namespace == null || o.namespace().equals(namespace)))
                .toList();
    }

    synchronized void applyStats(ApplyStats stats) {
        applyStats = stats;
    }

    @Override
    public synchronized ApplyStats applyStats() {
        return applyStats;
    }

    @Override
    public synchronized long revision() {
        return revision;
    }

    @Override
    public synchronized Map<String, String> inventory() {
        return objects.values().stream().collect(Collectors.toMap(MetaObject::uid, MetaObject::resourceVersion));
    }

    /** A stored object from JSON text as the cloud would send it. */
    static MetaObject object(String type, String json) {
        try {
            JsonNode object = MessageCodec.mapper().readTree(json);
            JsonNode metadata = object.path("metadata");
            String namespace = metadata.path("namespace").asText("default");
            return new MetaObject(namespace.isEmpty() ? "default" : namespace, type, metadata.path("name").asText(),
                    metadata.path("uid").asText(), metadata.path("resourceVersion").asText(), object);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** The object with a large annotation, to fill sockets quickly. */
    static MetaObject padded(MetaObject object, int bytes) {
        ObjectNode copy = object.object().deepCopy();
        ((ObjectNode) copy.path("metadata")).putObject("annotations").put("padding", "x".repeat(bytes));
        return new MetaObject(object.namespace(), object.type(), object.name(), object.uid(), object.resourceVersion(),
                copy);
    }

    /** A pod as the cloud sends it (no kind/apiVersion: the server must add them). */
    static MetaObject pod(String namespace, String name, String node, String rv, Map<String, String> labels) {
        ObjectNode pod = MessageCodec.mapper().createObjectNode();
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("name", name).put("namespace", namespace).put("uid", "uid-" + namespace + "-" + name)
                .put("resourceVersion", rv).put("creationTimestamp", "2025-01-01T00:00:00Z");
        ObjectNode labelNode = metadata.putObject("labels");
        labels.forEach(labelNode::put);
        pod.putObject("spec").put("nodeName", node).putArray("containers").addObject()
                .put("name", "app").put("image", "busybox");
        pod.putObject("status").put("phase", "Running");
        return object("pod", pod.toString());
    }
}
