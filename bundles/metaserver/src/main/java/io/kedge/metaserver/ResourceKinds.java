package io.kedge.metaserver;

import io.kedge.protocol.ResourceTypes;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The kinds this MetaServer answers; secrets only when configured, so they cannot even be discovered otherwise. */
final class ResourceKinds {
    static final String DISCOVERY_GROUP = "discovery.k8s.io";

    private static final ResourceKind PODS = new ResourceKind("pods", "Pod", "", ResourceTypes.POD, true,
            List.of("po"), Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                    "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"));
    private static final ResourceKind CONFIGMAPS = new ResourceKind("configmaps", "ConfigMap", "",
            ResourceTypes.CONFIGMAP, true, List.of("cm"), Set.of());
    private static final ResourceKind SECRETS = new ResourceKind("secrets", "Secret", "", ResourceTypes.SECRET, true,
            List.of(), Set.of("type"));
    private static final ResourceKind SERVICES = new ResourceKind("services", "Service", "", ResourceTypes.SERVICE,
            true, List.of("svc"), Set.of());
    private static final ResourceKind ENDPOINTS = new ResourceKind("endpoints", "Endpoints", "",
            ResourceTypes.ENDPOINTS, true, List.of("ep"), Set.of());
    private static final ResourceKind NODES = new ResourceKind("nodes", "Node", "", ResourceTypes.NODE, false,
            List.of("no"), Set.of("spec.unschedulable"));
    private static final ResourceKind ENDPOINT_SLICES = new ResourceKind("endpointslices", "EndpointSlice",
            DISCOVERY_GROUP, ResourceTypes.ENDPOINTSLICE, true, List.of(), Set.of("addressType"));

    /** KubeEdge's device kinds, as the cloud sends them (v1.22 shapes). */
    static final String DEVICES_GROUP = "devices.kubeedge.io";
    private static final String DEVICES_VERSION = "v1beta1";
    private static final ResourceKind DEVICES = new ResourceKind("devices", "Device", DEVICES_GROUP,
            ResourceTypes.DEVICE, true, List.of(), Set.of("spec.nodeName"), DEVICES_VERSION);
    private static final ResourceKind DEVICE_MODELS = new ResourceKind("devicemodels", "DeviceModel", DEVICES_GROUP,
            ResourceTypes.DEVICE_MODEL, true, List.of(), Set.of(), DEVICES_VERSION);

    private final List<ResourceKind> served;

    ResourceKinds(boolean secretsEnabled) {
        served = secretsEnabled
                ? List.of(PODS, CONFIGMAPS, SECRETS, SERVICES, ENDPOINTS, NODES, ENDPOINT_SLICES, DEVICES, DEVICE_MODELS)
                : List.of(PODS, CONFIGMAPS, SERVICES, ENDPOINTS, NODES, ENDPOINT_SLICES, DEVICES, DEVICE_MODELS);
    }

    /** The kinds of one API group ("" = core), in a stable order. */
    List<ResourceKind> inGroup(String group) {
        return served.stream().filter(k -> k.group().equals(group)).toList();
    }

    Optional<ResourceKind> find(String group, String version, String plural) {
        return served.stream().filter(k -> k.group().equals(group) && k.version().equals(version)
                && k.plural().equals(plural)).findFirst();
    }

    /** The named API groups with the version each serves, in a stable order. */
    java.util.Map<String, String> groupVersions() {
        java.util.Map<String, String> groups = new java.util.LinkedHashMap<>();
        served.stream().filter(k -> !k.group().isEmpty()).forEach(k -> groups.putIfAbsent(k.group(), k.version()));
        return groups;
    }

    boolean serves(String storeType) {
        return byStoreType(storeType).isPresent();
    }

    Optional<ResourceKind> byStoreType(String storeType) {
        return served.stream().filter(k -> k.storeType().equals(storeType)).findFirst();
    }
}
