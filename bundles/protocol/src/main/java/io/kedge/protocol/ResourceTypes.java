package io.kedge.protocol;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Resource type segment of a resource path, as KubeEdge names them. */
public final class ResourceTypes {
    public static final String NODE = "node";
    public static final String NODE_STATUS = "nodestatus";
    public static final String NODE_PATCH = "nodepatch";
    public static final String POD = "pod";
    public static final String POD_STATUS = "podstatus";
    public static final String CONFIGMAP = "configmap";
    public static final String SECRET = "secret";
    public static final String LEASE = "lease";
    public static final String SERVICE = "service";
    public static final String ENDPOINTS = "endpoints";
    public static final String ENDPOINTSLICE = "endpointslice";
    /** The cloud's question what a node holds; see {@link Inventory}. */
    public static final String INVENTORY = "inventory";
    /** Cluster-scoped objects (Node) and the inventory query travel in this namespace, as in KubeEdge. */
    public static final String CLUSTER_NAMESPACE = "default";

    /** apiVersion and kind of a Kubernetes object, as a name-only delete names it. */
    public record Kind(String apiVersion, String kind) {
    }

    /** Every type of object the cloud sends a node, with its Kubernetes kind. */
    private static final Map<String, Kind> OBJECT_KINDS = Map.of(
            POD, new Kind("v1", "Pod"),
            CONFIGMAP, new Kind("v1", "ConfigMap"),
            SECRET, new Kind("v1", "Secret"),
            SERVICE, new Kind("v1", "Service"),
            ENDPOINTS, new Kind("v1", "Endpoints"),
            ENDPOINTSLICE, new Kind("discovery.k8s.io/v1", "EndpointSlice"),
            NODE, new Kind("v1", "Node"));

    /** The types of object the cloud sends down (insert, update, delete); a node stores these. */
    public static final Set<String> OBJECTS = OBJECT_KINDS.keySet();

    private ResourceTypes() {
    }

    /** Whether objects of {@code type} are ever sent to a node. */
    public static boolean isObject(String type) {
        return OBJECT_KINDS.containsKey(type);
    }

    /** The Kubernetes kind of an object type the cloud sends down; empty for any other type. */
    public static Optional<Kind> kindOf(String type) {
        return Optional.ofNullable(type == null ? null : OBJECT_KINDS.get(type));
    }
}
