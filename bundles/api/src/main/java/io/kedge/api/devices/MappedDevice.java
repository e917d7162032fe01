package io.kedge.api.devices;

/**
 * One device as DMI sees it.
 *
 * @param id       {@code namespace/name}
 * @param protocol {@code spec.protocol.protocolName}, empty when the Device names none
 * @param state    {@code online}, {@code offline} or {@code unknown}
 * @param reason   why, empty when there is nothing to say
 */
public record MappedDevice(String id, String protocol, String state, String reason) {
}
