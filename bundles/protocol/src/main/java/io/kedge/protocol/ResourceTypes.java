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
    /** A {@code devices.kubeedge.io} Device, sent to the node in its {@code spec.nodeName} (KubeEdge's name). */
    public static final String DEVICE = "device";
    /** The DeviceModel of a node's devices, sent with them (KubeEdge's name). */
    public static final String DEVICE_MODEL = "devicemodel";
    /** A node's report of twin values of one of its devices: {@link io.kedge.protocol.device.DeviceTwinReport}. */
    public static final String DEVICE_TWIN = "devicetwin";
    /** A node's report of the state of one of its devices: {@link io.kedge.protocol.device.DeviceStateReport}. */
    public static final String DEVICE_STATE = "devicestate";
    /** A node's request that the cloud set a desired value of one of its devices: {@link io.kedge.protocol.device.DesiredValueRequest}. */
    public static final String DEVICE_DESIRED = "devicedesired";
    /** A mapper bundle the cloud asks a node to install: {@link io.kedge.protocol.mapper.MapperBundle}. */
    public static final String MAPPER_BUNDLE = "mapperbundle";
    /** A node's answer to a mapper bundle: {@link io.kedge.protocol.mapper.MapperBundleResult}. */
    public static final String MAPPER_STATUS = "mapperstatus";
    /** The cloud's question what a node holds; see {@link Inventory}. */
    public static final String INVENTORY = "inventory";
    /** Cluster-scoped objects (Node) and the inventory query travel in this namespace, as in KubeEdge. */
    public static final String CLUSTER_NAMESPACE = "default";

    /** apiVersion and kind of a Kubernetes object, as a name-only delete names it. */
    public record Kind(String apiVersion, String kind) {
    }

    /** The API group and version of KubeEdge's device kinds (v1.22 shapes). */
    public static final String DEVICES_API_VERSION = "devices.kubeedge.io/v1beta1";

    /** Every type of object the cloud sends a node, with its Kubernetes kind. */
    private static final Map<String, Kind> OBJECT_KINDS = Map.of(
            POD, new Kind("v1", "Pod"),
            CONFIGMAP, new Kind("v1", "ConfigMap"),
            SECRET, new Kind("v1", "Secret"),
            SERVICE, new Kind("v1", "Service"),
            ENDPOINTS, new Kind("v1", "Endpoints"),
            ENDPOINTSLICE, new Kind("discovery.k8s.io/v1", "EndpointSlice"),
            NODE, new Kind("v1", "Node"),
            DEVICE, new Kind(DEVICES_API_VERSION, "Device"),
            DEVICE_MODEL, new Kind(DEVICES_API_VERSION, "DeviceModel"));

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
