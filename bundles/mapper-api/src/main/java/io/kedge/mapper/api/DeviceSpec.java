package io.kedge.mapper.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One device as its mapper sees it, from the Device and its DeviceModel.
 *
 * @param id         KubeEdge's device id, {@code namespace/name}
 * @param protocol   {@code spec.protocol.protocolName}
 * @param configData {@code spec.protocol.configData}: where and how to reach the device
 * @param properties the device's properties with their model types and visitors
 */
public record DeviceSpec(String id, String protocol, ConfigData configData, List<PropertySpec> properties) {
    public DeviceSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(configData, "configData");
        properties = List.copyOf(properties);
    }

    /** The property of that name. */
    public Optional<PropertySpec> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
