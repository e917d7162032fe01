package io.kedge.cloud.devicecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kedge.cloud.edgecontroller.downstream.Affected;
import io.kedge.cloud.edgecontroller.downstream.NodeIndex;
import io.kedge.cloud.edgecontroller.downstream.ObjectVersion;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which node holds which devices and models: a Device goes to the node in its {@code spec.nodeName},
 * its DeviceModel ({@code spec.deviceModelRef}, same namespace) to every node with a device of it.
 * A changed {@code nodeName} moves the device (and, with its last device, the model) from the old
 * node to the new one.
 *
 * <p>A change of the status alone (the node's own reports coming back through the informer) is not
 * a change for the node: the index keeps the version it has, so the node is not sent its device again
 * for every value it reported.
 *
 * <p>Only the sync thread calls it (see {@link NodeIndex}).
 */
final class DeviceIndex implements NodeIndex {
    private final KubernetesSerialization json;
    private final Map<ResourcePath, Device> devices = new HashMap<>();
    private final Map<ResourcePath, DeviceModel> models = new HashMap<>();
    private final Map<String, Set<ResourcePath>> devicesByNode = new HashMap<>();
    /** model key → node → how many of the node's devices use it. */
    private final Map<ResourcePath, Map<String, Integer>> modelUsers = new HashMap<>();

    DeviceIndex(KubernetesSerialization json) {
        this.json = json;
    }

    @Override
    public Affected upsert(ResourcePath key, HasMetadata object) {
        if (object instanceof DeviceModel model) {
            models.put(key, model);
            return usersOf(key);
        }
        Device device = (Device) object;
        Device previous = devices.get(key);
        if (previous != null && sameForTheEdge(previous, device)) {
            return new Affected();
        }
        devices.put(key, device);
        Affected affected = new Affected();
        unindex(key, previous, affected);
        index(key, device, affected);
        return affected;
    }

    @Override
    public Affected remove(ResourcePath key) {
        if (ResourceTypes.DEVICE_MODEL.equals(key.type())) {
            models.remove(key);
            return usersOf(key);
        }
        Affected affected = new Affected();
        unindex(key, devices.remove(key), affected);
        return affected;
    }

    @Override
    public Optional<HasMetadata> objectFor(String nodeName, ResourcePath key) {
        if (ResourceTypes.DEVICE_MODEL.equals(key.type())) {
            return modelUsers.getOrDefault(key, Map.of()).containsKey(nodeName)
                    ? Optional.ofNullable(models.get(key)) : Optional.empty();
        }
        Device device = devices.get(key);
        return device != null && nodeName.equals(nodeOf(device)) ? Optional.of(device) : Optional.empty();
    }

    @Override
    public Map<ResourcePath, ObjectVersion> desiredFor(String nodeName) {
        Map<ResourcePath, ObjectVersion> desired = new LinkedHashMap<>();
        for (ResourcePath key : devicesByNode.getOrDefault(nodeName, Set.of())) {
            Device device = devices.get(key);
            modelKey(key, device).filter(models::containsKey)
                    .ifPresent(model -> desired.put(model, ObjectVersion.of(models.get(model))));
            desired.put(key, ObjectVersion.of(device));
        }
        return desired;
    }

    private void index(ResourcePath key, Device device, Affected affected) {
        String node = nodeOf(device);
        if (node == null) {
            return;
        }
        devicesByNode.computeIfAbsent(node, n -> new LinkedHashSet<>()).add(key);
        affected.onNode(node, key);
        modelKey(key, device).ifPresent(model -> {
            modelUsers.computeIfAbsent(model, m -> new HashMap<>()).merge(node, 1, Integer::sum);
            affected.onNode(node, model);
        });
    }

    private void unindex(ResourcePath key, Device device, Affected affected) {
        String node = device == null ? null : nodeOf(device);
        if (node == null) {
            return;
        }
        Set<ResourcePath> onNode = devicesByNode.get(node);
        if (onNode != null && onNode.remove(key) && onNode.isEmpty()) {
            devicesByNode.remove(node);
        }
        affected.onNode(node, key);
        modelKey(key, device).ifPresent(model -> {
            Map<String, Integer> users = modelUsers.get(model);
            if (users != null && users.computeIfPresent(node, (n, count) -> count > 1 ? count - 1 : null) == null
                    && users.isEmpty()) {
                modelUsers.remove(model);
            }
            affected.onNode(node, model);
        });
    }

    private Affected usersOf(ResourcePath modelKey) {
        Affected affected = new Affected();
        modelUsers.getOrDefault(modelKey, Map.of()).keySet().forEach(node -> affected.onNode(node, modelKey));
        return affected;
    }

    /** Same object, same spec, labels and annotations: what differs is status (or bookkeeping) only. */
    private boolean sameForTheEdge(Device held, Device changed) {
        ObjectMeta a = held.getMetadata();
        ObjectMeta b = changed.getMetadata();
        return Objects.equals(a.getUid(), b.getUid()) && Objects.equals(a.getLabels(), b.getLabels())
                && Objects.equals(a.getAnnotations(), b.getAnnotations())
                && Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                && tree(held.getSpec()).equals(tree(changed.getSpec()));
    }

    private JsonNode tree(Object value) {
        return json.convertValue(value, JsonNode.class);
    }

    static String nodeOf(Device device) {
        String node = device.getSpec() == null ? null : device.getSpec().getNodeName();
        return node == null || node.isBlank() ? null : node;
    }

    /** The key of the device's model: same namespace, {@code spec.deviceModelRef.name}. */
    static Optional<ResourcePath> modelKey(ResourcePath deviceKey, Device device) {
        DeviceSpec spec = device.getSpec();
        String name = spec == null || spec.getDeviceModelRef() == null ? null : spec.getDeviceModelRef().getName();
        return name == null || name.isBlank() ? Optional.empty()
                : Optional.of(ResourcePath.of(deviceKey.namespace(), ResourceTypes.DEVICE_MODEL, name));
    }
}
