package io.kedge.devicetwin.port;

/** What DeviceTwin reports up: a twin's latest values, or a device's state. */
public sealed interface CloudReport permits CloudReport.Twin, CloudReport.State {

    /** The coalescing key: only the latest report of a key matters. */
    String key();

    String deviceId();

    /**
     * One device property as the edge holds it now (the whole twin, so the latest report alone is
     * enough).
     *
     * @param deviceId          KubeEdge's device id, {@code namespace/name}
     * @param property          the twin's (property's) name
     * @param type              the value type: string, int, integer, float, double, boolean
     * @param reported          the reported (actual) value, null when none
     * @param reportedTimestamp when it was reported, epoch milliseconds (0 when none)
     * @param desired           the desired (expected) value the edge holds, null when none
     * @param desiredTimestamp  when that desired value was set, epoch milliseconds (0 when none)
     * @param reportedVersion   KubeEdge's actual_version (cloud, edge)
     * @param desiredVersion    KubeEdge's expected_version (cloud, edge)
     */
    record Twin(String deviceId, String property, String type, String reported, long reportedTimestamp,
            String desired, long desiredTimestamp, Version reportedVersion, Version desiredVersion)
            implements CloudReport {
        @Override
        public String key() {
            return "devicetwin/" + deviceId + "/twin/" + property;
        }
    }

    /**
     * A device's state as a mapper reported it on {@code $hw/events/device/{id}/state/update}.
     *
     * @param state      as the mapper wrote it (one of online, offline, ok, unknown, unhealthy, any case)
     * @param lastOnline RFC 3339 UTC time of the last online/ok report, "" when the state is not one
     */
    record State(String deviceId, String state, String lastOnline) implements CloudReport {
        @Override
        public String key() {
            return "devicetwin/" + deviceId + "/state";
        }
    }

    /** KubeEdge's twin version pair. */
    record Version(long cloud, long edge) {
    }
}
