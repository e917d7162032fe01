package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.MetaObject;
import java.util.Collection;

/** Shapes stored objects and lists the way the Kubernetes API server returns them. */
final class KubeObjects {

    private KubeObjects() {
    }

    /**
     * The object with kind and apiVersion set: the cloud may have stripped them (list items do not
     * carry them), but {@code kubectl get -o json} and typed clients expect them. Copies only when needed.
     */
    static JsonNode typed(MetaObject stored, ResourceKind kind) {
        JsonNode object = stored.object();
        if (object.path("kind").isTextual() && object.path("apiVersion").isTextual()) {
            return object;
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        copy.put("kind", kind.kind());
        copy.put("apiVersion", kind.apiVersion());
        object.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("kind") && !f.getKey().equals("apiVersion")) {
                copy.set(f.getKey(), f.getValue());
            }
        });
        return copy;
    }

    static ObjectNode list(ResourceKind kind, long revision, Collection<JsonNode> items) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("kind", kind.listKind());
        list.put("apiVersion", kind.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(revision));
        list.putArray("items").addAll(items);
        return list;
    }

    /** What a BOOKMARK event carries: only the kind and the revision the watcher has seen. */
    static ObjectNode bookmark(ResourceKind kind, long revision) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("kind", kind.kind());
        object.put("apiVersion", kind.apiVersion());
        object.putObject("metadata").put("resourceVersion", Long.toString(revision));
        return object;
    }

    static ObjectNode watchEvent(String type, JsonNode object) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("type", type);
        event.set("object", object);
        return event;
    }
}
