package io.kedge.dmi;

import io.kedge.mapper.api.DeviceSpec;
import java.util.Map;

/**
 * A device as DMI binds it: what its mapper needs, and the desired values the cloud set.
 *
 * @param spec        protocol, configData and properties; a change of any of it rebinds the device
 * @param desired     property → desired value, for writable properties with a non-empty value only
 * @param pushMethods property → its {@code pushMethod} as JDK values, for properties that have one;
 *                    handed to {@link io.kedge.api.devices.DeviceReadings} listeners, a change rebinds nothing
 */
record BoundDevice(DeviceSpec spec, Map<String, String> desired, Map<String, Map<String, Object>> pushMethods) {
    BoundDevice {
        desired = Map.copyOf(desired);
        pushMethods = Map.copyOf(pushMethods);
    }

    BoundDevice(DeviceSpec spec, Map<String, String> desired) {
        this(spec, desired, Map.of());
    }

    /** The property's pushMethod, empty when it has none. */
    Map<String, Object> pushMethod(String property) {
        return pushMethods.getOrDefault(property, Map.of());
    }
}
