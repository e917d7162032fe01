package io.kedge.metamanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaObject;

/** Turns the content of an insert or update into a {@link MetaObject}, checking it matches its resource. */
final class ObjectDecoder {
    /** Cluster-scoped objects (nodes) are kept under this namespace, as KubeEdge does. */
    static final String CLUSTER_NAMESPACE = "default";

    private ObjectDecoder() {
    }

    static MetaObject decode(ResourceKey key, String headerVersion, JsonNode content) throws RejectedMessage {
        if (content == null || !content.isObject()) {
            throw new RejectedMessage("content of " + key + " is not a JSON object");
        }
        JsonNode metadata = content.path("metadata");
        if (!metadata.isObject()) {
            throw new RejectedMessage("object " + key + " has no metadata");
        }
        String name = metadata.path("name").asText("");
        if (!name.equals(key.name())) {
            throw new RejectedMessage("resource " + key + " carries an object named '" + name + "'");
        }
        String namespace = metadata.path("namespace").asText("");
        boolean clusterScoped = namespace.isEmpty() && key.namespace().equals(CLUSTER_NAMESPACE);
        if (!namespace.equals(key.namespace()) && !clusterScoped) {
            throw new RejectedMessage("resource " + key + " carries an object of namespace '" + namespace + "'");
        }
        String version = metadata.path("resourceVersion").asText("");
        if (version.isEmpty()) {
            version = headerVersion == null ? "" : headerVersion;
        }
        return new MetaObject(key.namespace(), key.type(), key.name(), metadata.path("uid").asText(""), version,
                content);
    }

    /** The uid a delete names, or empty when its content carries none (delete by key). */
    static String uidOf(JsonNode content) {
        return content == null ? "" : content.path("metadata").path("uid").asText("");
    }
}
