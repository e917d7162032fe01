package io.kedge.devicetwin.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.devicetwin.port.CloudDevice;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@code devices.kubeedge.io/v1beta1} Device and its DeviceModel, as the node caches them,
 * into the device DeviceTwin keeps: the model names the properties and their types, the Device their
 * desired values (as KubeEdge's edge reads them).
 */
final class DeviceObjects {
    private DeviceObjects() {
    }

    /** The model a device refers to, by name in the device's namespace; empty when it names none. */
    static Optional<String> modelName(JsonNode device) {
        String name = device.path("spec").path("deviceModelRef").path("name").asText("");
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /**
     * @param model the device's model, or null while the node does not hold it yet (then only the
     *              device's own properties are known, typed as strings)
     */
    static CloudDevice toCloudDevice(JsonNode device, JsonNode model) {
        JsonNode metadata = device.path("metadata");
        String name = metadata.path("name").asText();
        String id = new DeviceId(metadata.path("namespace").asText("default"), name).toString();
        Map<String, String> types = new LinkedHashMap<>();
        if (model != null) {
            for (JsonNode property : model.path("spec").path("properties")) {
                types.put(property.path("name").asText(), property.path("type").asText("string").toLowerCase(Locale.ROOT));
            }
        }
        Map<String, CloudDevice.Property> properties = new LinkedHashMap<>();
        types.forEach((property, type) -> properties.put(property, new CloudDevice.Property(type, null)));
        for (JsonNode property : device.path("spec").path("properties")) {
            String propertyName = property.path("name").asText("");
            if (propertyName.isEmpty()) {
                continue;
            }
            JsonNode desired = property.path("desired").path("value");
            String type = types.getOrDefault(propertyName,
                    property.path("desired").path("metadata").path("type").asText("string").toLowerCase(Locale.ROOT));
            properties.put(propertyName, new CloudDevice.Property(type, desired.isValueNode() ? desired.asText() : null));
        }
        String description = metadata.path("labels").path("description").asText("");
        return new CloudDevice(id, name, description, Map.of(), properties);
    }
}
