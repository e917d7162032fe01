package io.kedge.cloud.edgecontroller.downstream;

import io.kedge.protocol.ResourceTypes;

/** The resource types of the downstream contract, as the protocol defines them (short names for this package). */
final class EdgeResourceTypes {
    static final String POD = ResourceTypes.POD;
    static final String CONFIGMAP = ResourceTypes.CONFIGMAP;
    static final String SECRET = ResourceTypes.SECRET;
    static final String NODE = ResourceTypes.NODE;
    static final String SERVICE = ResourceTypes.SERVICE;
    static final String ENDPOINTS = ResourceTypes.ENDPOINTS;
    static final String ENDPOINTSLICE = ResourceTypes.ENDPOINTSLICE;
    static final String CLUSTER_NAMESPACE = ResourceTypes.CLUSTER_NAMESPACE;

    private EdgeResourceTypes() {
    }

    /** Whether a node can ever be sent objects of {@code type}; an inventory entry of any other type is noise. */
    static boolean isSent(String type) {
        return ResourceTypes.isObject(type);
    }
}
