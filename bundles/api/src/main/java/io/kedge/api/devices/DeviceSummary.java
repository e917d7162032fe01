package io.kedge.api.devices;

import java.util.List;

/**
 * One device as DeviceTwin holds it.
 *
 * @param id         KubeEdge's device id, {@code namespace/name}
 * @param name       the device's name
 * @param state      the state its mapper last reported (online, offline, ok, unknown, unhealthy), empty before any
 * @param lastOnline RFC 3339 time it was last online, empty when never
 * @param twins      its twins sorted by property name
 */
public record DeviceSummary(String id, String name, String state, String lastOnline, List<TwinSummary> twins) {
    public DeviceSummary {
        twins = List.copyOf(twins);
    }
}
