package io.kedge.devicetwin.port;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device bound to this node as the cloud describes it: from the Device and its DeviceModel.
 *
 * @param id          KubeEdge's device id, {@code namespace/name}
 * @param name        the Device's name
 * @param description may be ""
 * @param attributes  the device's attributes by name
 * @param properties  the model's properties by name, each with the Device's desired value
 */
public record CloudDevice(String id, String name, String description, Map<String, Attribute> attributes,
        Map<String, Property> properties) {

    public CloudDevice {
        description = description == null ? "" : description;
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties == null ? Map.of() : properties));
    }

    /**
     * @param type     the attribute's type (KubeEdge's {@code metadata.type}), "string" when unknown
     * @param optional whether an edge update may delete it
     */
    public record Attribute(String value, String type, boolean optional) {
    }

    /**
     * @param type    the model property's type: string, int, integer, float, double, boolean
     * @param desired the Device's desired value, null when it sets none
     */
    public record Property(String type, String desired) {
    }
}
