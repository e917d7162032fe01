package io.kedge.api.devices;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Takes what device mappers read and the state of their devices, registered by DeviceTwin. A
 * report goes the same way as a twin or state update a mapper publishes on KubeEdge's MQTT topics
 * ({@code $hw/events/device/{id}/twin/update}, {@code .../state/update}): kept in the twin store,
 * published to edge apps, reported to the cloud.
 */
@ProviderType
public interface DeviceReports {
    /**
     * Reports the values a device's properties had.
     *
     * @param deviceId  {@code namespace/name} of a device of this node
     * @param reported  property → value as text (as the twin holds it)
     * @param timestamp when they were read, epoch milliseconds
     * @throws IllegalArgumentException when a value does not fit its twin's type: nothing of this
     *                                  report is kept, a report without it may be
     * @throws IllegalStateException    when DeviceTwin cannot keep it now (it does not hold the
     *                                  device yet, its store failed, it is stopping): offer it again later
     */
    void reportTwins(String deviceId, Map<String, String> reported, long timestamp);

    /**
     * Reports a device's state.
     *
     * @param state  {@code online}, {@code offline} or {@code unknown}
     * @param reason why, for an operator (logged by DeviceTwin); empty when there is nothing to say
     * @throws IllegalArgumentException for a state not listed
     * @throws IllegalStateException    as for {@link #reportTwins}
     */
    void reportState(String deviceId, String state, String reason);
}
