package io.kedge.dmi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link BoundDevice} from a {@code devices.kubeedge.io/v1beta1} Device and its
 * DeviceModel as the node caches them: {@code spec.protocol.protocolName/configData}, per
 * {@code spec.properties[]} its {@code visitors.configData}, {@code collectCycle} and
 * {@code reportCycle} (milliseconds; absent or 0 means the default), {@code desired.value} and
 * {@code pushMethod} (kept as JDK values for {@link io.kedge.api.devices.DeviceReadings}; an object or
 * absent, checked no further: its listeners judge it); the model gives each property's {@code type} and {@code accessMode}.
 */
final class DeviceSpecs {
    private final Duration defaultCycle;

    DeviceSpecs(Duration defaultCycle) {
        this.defaultCycle = defaultCycle;
    }

    /** The id DMI and DeviceTwin use, {@code namespace/name}. */
    static String id(JsonNode device) {
        JsonNode metadata = device.path("metadata");
        return metadata.path("namespace").asText("default") + "/" + metadata.path("name").asText("");
    }

    /** The model a device names, in its own namespace; empty when it names none. */
    static Optional<String> modelName(JsonNode device) {
        String name = device.path("spec").path("deviceModelRef").path("name").asText("");
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /** {@code spec.protocol.protocolName}, empty when absent. */
    static String protocol(JsonNode device) {
        JsonNode name = device.path("spec").path("protocol").path("protocolName");
        return name.isTextual() ? name.asText().trim() : "";
    }

    /**
     * @param model the device's model, or null when the node does not hold it
     * @throws MalformedDevice naming the first thing that is wrong
     */
    BoundDevice parse(JsonNode device, JsonNode model) throws MalformedDevice {
        String id = id(device);
        String protocol = protocol(device);
        if (protocol.isEmpty()) {
            throw new MalformedDevice("spec.protocol.protocolName is missing");
        }
        ConfigData configData = config(device.path("spec").path("protocol").path("configData"), "spec.protocol.configData");
        Map<String, JsonNode> modelProperties = modelProperties(device, model);
        List<PropertySpec> properties = new ArrayList<>();
        Map<String, String> desired = new LinkedHashMap<>();
        Map<String, Map<String, Object>> pushMethods = new LinkedHashMap<>();
        JsonNode list = device.path("spec").path("properties");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new MalformedDevice("spec.properties must be a list");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode property = list.get(i);
            String where = "spec.properties[" + i + "]";
            String name = property.path("name").asText("").trim();
            if (name.isEmpty()) {
                throw new MalformedDevice(where + ".name is missing");
            }
            if (!seen.add(name)) {
                throw new MalformedDevice(where + ": property " + name + " is listed twice");
            }
            JsonNode declared = modelProperties.get(name);
            if (declared == null) {
                throw new MalformedDevice("property " + name + " is not in model " + modelName(device).orElse(""));
            }
            ValueType type;
            try {
                type = ValueType.of(declared.path("type").asText(""));
            } catch (IllegalArgumentException e) {
                throw new MalformedDevice("model property " + name + ": " + e.getMessage());
            }
            boolean writable = "ReadWrite".equalsIgnoreCase(declared.path("accessMode").asText(""));
            PropertySpec spec = new PropertySpec(name, type, writable,
                    config(property.path("visitors").path("configData"), where + ".visitors.configData"),
                    cycle(property.path("collectCycle"), where + ".collectCycle"),
                    cycle(property.path("reportCycle"), where + ".reportCycle"));
            properties.add(spec);
            JsonNode value = property.path("desired").path("value");
            if (writable && value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
                desired.put(name, value.asText());
            }
            JsonNode pushMethod = property.path("pushMethod");
            if (pushMethod.isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) jdk(pushMethod);
                if (!values.isEmpty()) {
                    pushMethods.put(name, deepUnmodifiable(values));
                }
            } else if (!pushMethod.isMissingNode() && !pushMethod.isNull()) {
                throw new MalformedDevice(where + ".pushMethod must be an object");
            }
        }
        return new BoundDevice(new DeviceSpec(id, protocol, configData, properties), desired, pushMethods);
    }

    private static Map<String, JsonNode> modelProperties(JsonNode device, JsonNode model) throws MalformedDevice {
        String modelName = modelName(device).orElseThrow(() -> new MalformedDevice("spec.deviceModelRef.name is missing"));
        if (model == null) {
            throw new MalformedDevice("model " + modelName + " is not on this node");
        }
        Map<String, JsonNode> properties = new HashMap<>();
        for (JsonNode property : model.path("spec").path("properties")) {
            properties.put(property.path("name").asText(""), property);
        }
        return properties;
    }

    private Duration cycle(JsonNode node, String where) throws MalformedDevice {
        if (node.isMissingNode() || node.isNull()) {
            return defaultCycle;
        }
        long millis;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            millis = node.asLong();
        } else if (node.isTextual()) {
            try {
                millis = Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new MalformedDevice(where + " must be a whole number of milliseconds, not " + node);
            }
        } else {
            throw new MalformedDevice(where + " must be a whole number of milliseconds, not " + node);
        }
        if (millis < 0) {
            throw new MalformedDevice(where + " must not be negative, not " + millis);
        }
        return millis == 0 ? defaultCycle : Duration.ofMillis(millis);
    }

    private static ConfigData config(JsonNode node, String where) throws MalformedDevice {
        if (node.isMissingNode() || node.isNull()) {
            return ConfigData.EMPTY;
        }
        if (!node.isObject()) {
            throw new MalformedDevice(where + " must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) jdk(node);
        return ConfigData.of(values);
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepUnmodifiable(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepUnmodifiable(v)));
            return (T) java.util.Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(DeviceSpecs::deepUnmodifiable).toList();
        }
        return value;
    }

    /** JSON as JDK values: String, Long/Double (BigInteger/BigDecimal beyond), Boolean, List, Map. */
    private static Object jdk(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    map.put(e.getKey(), jdk(e.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(jdk(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.asLong() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() ? null : node.asText();
    }
}
