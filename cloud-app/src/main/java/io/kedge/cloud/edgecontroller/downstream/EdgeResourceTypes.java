package io.kedge.cloud.edgecontroller.downstream;

import io.kedge.protocol.ResourceTypes;

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

    private EdgeResourceTypes() {
    }
}
