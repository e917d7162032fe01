package io.kedge.dmi;

import io.kedge.mapper.api.DeviceSpec;
import java.util.Map;

/**
 * A device as DMI binds it: what its mapper needs, and the desired values the cloud set.
 *
 * @param spec    protocol, configData and properties; a change of any of it rebinds the device
 * @param desired property → desired value, for writable properties with a non-empty value only
 */
record BoundDevice(DeviceSpec spec, Map<String, String> desired) {
    BoundDevice {
        desired = Map.copyOf(desired);
    }
}
