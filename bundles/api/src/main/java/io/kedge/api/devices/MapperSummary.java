package io.kedge.api.devices;

import java.util.List;

/**
 * One device mapper service.
 *
 * @param protocol     the protocol it serves
 * @param bundle       the symbolic name of the bundle that registered it
 * @param version      that bundle's version
 * @param healthy      whether the mapper said it can serve devices
 * @param healthReason why not; empty when healthy
 * @param active       whether DMI binds devices to it (one mapper per protocol is, the others wait)
 * @param devices      the devices bound to it, sorted by id
 */
public record MapperSummary(String protocol, String bundle, String version, boolean healthy, String healthReason,
        boolean active, List<MappedDevice> devices) {
    public MapperSummary {
        devices = List.copyOf(devices);
    }
}
