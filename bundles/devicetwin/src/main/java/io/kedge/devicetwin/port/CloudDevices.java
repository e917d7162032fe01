package io.kedge.devicetwin.port;

import java.util.List;

/**
 * What the cloud tells DeviceTwin about the devices bound to this node; the integrator calls it
 * from the MetaManager side (Device/DeviceModel objects). Each call returns once the change is
 * committed to DeviceTwin's store, so the caller may acknowledge the cloud's message then.
 *
 * <p>Who may call: only the node's own modules, with what the cloud sent for this node. A device
 * whose id cannot stand in an MQTT topic is left out with a log line. Every method throws
 * {@link IllegalStateException} when the store could not keep the change (do not acknowledge it).
 */
public interface CloudDevices {

    /** A device was bound to this node or changed (desired values, attributes, model properties). */
    void upsert(CloudDevice device);

    /** The device is no longer bound to this node (deleted, or moved to another node). */
    void remove(String deviceId);

    /** The complete list of this node's devices: what is missing from it is removed. */
    void replaceAll(List<CloudDevice> devices);
}
