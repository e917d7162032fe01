package io.kedge.mapper.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One property of a device.
 *
 * @param name         the property's name, as in the model and the twin
 * @param type         the model's value type
 * @param writable     whether the model's access mode lets desired values be written
 * @param visitor      {@code spec.properties[].visitors.configData}: where the value lives on the device
 * @param collectCycle how often DMI reads it
 * @param reportCycle  how often DMI reports the latest reading to the twin
 */
public record PropertySpec(String name, ValueType type, boolean writable, ConfigData visitor, Duration collectCycle,
        Duration reportCycle) {
    public PropertySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(visitor, "visitor");
        if (collectCycle.isNegative() || collectCycle.isZero() || reportCycle.isNegative() || reportCycle.isZero()) {
            throw new IllegalArgumentException("cycles must be positive: collect " + collectCycle + ", report " + reportCycle);
        }
    }
}
