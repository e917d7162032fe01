package io.kedge.dmigrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import io.kedge.protocol.ResourceTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Devices and DeviceModels this node holds, as MetaManager hands them to a MetaListener: what
 * the cloud delivered for this node, so a device held here belongs to this node.
 */
final class NodeDeviceCatalog {
    private final ConcurrentMap<String, JsonNode> devices = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, JsonNode> models = new ConcurrentHashMap<>();

    /** {@code namespace/name}; an empty namespace is {@code default}, as KubeEdge's mappers leave it empty. */
    static String key(String namespace, String name) {
        return (namespace == null || namespace.isEmpty() ? "default" : namespace) + "/" + name;
    }

    /** {@code spec.protocol.protocolName}, empty when absent. */
    static String protocol(JsonNode device) {
        JsonNode name = device.path("spec").path("protocol").path("protocolName");
        return name.isTextual() ? name.asText().trim() : "";
    }

    /** @return the object held before, or null */
    JsonNode onChange(MetaEvent event) {
        MetaObject object = event.object();
        ConcurrentMap<String, JsonNode> target = switch (object.type()) {
            case ResourceTypes.DEVICE -> devices;
            case ResourceTypes.DEVICE_MODEL -> models;
            default -> null;
        };
        if (target == null) {
            return null;
        }
        String key = key(object.namespace(), object.name());
        return event.kind() == MetaEvent.Kind.DELETED ? target.remove(key) : target.put(key, object.object());
    }

    /** The devices of the given protocols that name this model (in the model's namespace). */
    List<JsonNode> devicesOfModel(String namespace, String model) {
        List<JsonNode> found = new ArrayList<>();
        devices.values().forEach(device -> {
            if (device.path("spec").path("deviceModelRef").path("name").asText("").equals(model)
                    && key(device.path("metadata").path("namespace").asText(""), "").equals(key(namespace, ""))) {
                found.add(device);
            }
        });
        return found;
    }

    Optional<JsonNode> device(String namespace, String name) {
        return Optional.ofNullable(devices.get(key(namespace, name)));
    }

    /** The devices of one protocol, by {@code namespace/name}. */
    List<JsonNode> devices(String protocol) {
        List<JsonNode> found = new ArrayList<>();
        devices.values().forEach(device -> {
            if (protocol(device).equals(protocol)) {
                found.add(device);
            }
        });
        return found;
    }

    /** The models these devices name, each once; models the node does not hold are left out. */
    List<JsonNode> modelsOf(List<JsonNode> someDevices) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (JsonNode device : someDevices) {
            String model = device.path("spec").path("deviceModelRef").path("name").asText("");
            String key = key(device.path("metadata").path("namespace").asText(""), model);
            JsonNode held = models.get(key);
            if (!model.isEmpty() && held != null) {
                found.putIfAbsent(key, held);
            }
        }
        return new ArrayList<>(found.values());
    }
}
