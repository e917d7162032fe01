package io.kedge.api.devices;

import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Asks the cloud to set a desired value of one of this node's devices. Desired values belong to the
 * Device's spec, which only the cloud writes: the request goes up through the node's durable outbox
 * (so it waits while the node is offline; a newer request for the same property replaces an unsent
 * one), the cloud checks and writes the spec, and the new value comes back down with the Device.
 */
@ProviderType
public interface DesiredValues {
    /**
     * @param deviceId {@code namespace/name} of a device of this node
     * @param property a property the device has a twin for
     * @param value    letters, digits or {@code - _ . , : / @ #}, 1 to 512 characters (KubeEdge's rule)
     * @return completes when the outbox holds the request (not when the cloud wrote it)
     * @throws IllegalArgumentException for an unknown device or property or a value that breaks the rule;
     *                                  nothing is sent then
     */
    CompletableFuture<Void> request(String deviceId, String property, String value);
}
