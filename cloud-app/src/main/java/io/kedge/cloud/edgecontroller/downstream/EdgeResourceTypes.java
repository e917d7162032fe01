package io.kedge.cloud.edgecontroller.downstream;

import io.kedge.protocol.ResourceTypes;
import java.util.Map;
import java.util.Optional;

/** Resource type names of the downstream contract (KubeEdge's), beyond those the protocol module defines. */
final class EdgeResourceTypes {
    static final String POD = ResourceTypes.POD;
    static final String CONFIGMAP = ResourceTypes.CONFIGMAP;
    static final String SECRET = ResourceTypes.SECRET;
    static final String NODE = ResourceTypes.NODE;
    static final String SERVICE = "service";
    static final String ENDPOINTS = "endpoints";
    static final String ENDPOINTSLICE = "endpointslice";
    static final String INVENTORY = "inventory";
    /** Cluster-scoped objects (Node) travel in this namespace, as in KubeEdge. */
    static final String CLUSTER_NAMESPACE = "default";

    /** apiVersion and kind of a Kubernetes object, as a delete names it. */
    record Kind(String apiVersion, String kind) {
    }

    /** Every type the cloud ever sends a node, with its Kubernetes kind. */
    private static final Map<String, Kind> KINDS = Map.of(
            POD, new Kind("v1", "Pod"),
            CONFIGMAP, new Kind("v1", "ConfigMap"),
            SECRET, new Kind("v1", "Secret"),
            SERVICE, new Kind("v1", "Service"),
            ENDPOINTS, new Kind("v1", "Endpoints"),
            ENDPOINTSLICE, new Kind("discovery.k8s.io/v1", "EndpointSlice"),
            NODE, new Kind("v1", "Node"));

    private EdgeResourceTypes() {
    }

    /** Whether a node can ever be sent objects of {@code type}; an inventory entry of any other type is noise. */
    static boolean isSent(String type) {
        return KINDS.containsKey(type);
    }

    static Optional<Kind> kindOf(String type) {
        return Optional.ofNullable(KINDS.get(type));
    }
}
