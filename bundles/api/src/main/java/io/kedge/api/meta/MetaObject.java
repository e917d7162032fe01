package io.kedge.api.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Kubernetes object as the node holds it.
 *
 * @param namespace       its namespace; cluster-scoped objects (nodes) use {@code default}, as KubeEdge does
 * @param type            KubeEdge resource type: {@code pod}, {@code configmap}, {@code secret},
 *                        {@code service}, {@code endpoints}, {@code endpointslice}, {@code node}
 * @param name            its name
 * @param uid             metadata.uid
 * @param resourceVersion metadata.resourceVersion as the API server gave it
 * @param object          the whole object as JSON
 */
public record MetaObject(String namespace, String type, String name, String uid, String resourceVersion,
        JsonNode object) {

    public MetaObject {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(object, "object");
        uid = uid == null ? "" : uid;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
    }

    /** The store key {@code namespace/type/name}. */
    public String key() {
        return namespace + "/" + type + "/" + name;
    }
}
