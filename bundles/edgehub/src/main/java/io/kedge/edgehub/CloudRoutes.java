package io.kedge.edgehub;

import io.kedge.api.bus.BusGroups;
import io.kedge.protocol.Groups;
import java.util.Map;
import java.util.Optional;

/** Which bus group receives a message from the cloud, by its envelope group (as KubeEdge routes). */
final class CloudRoutes {
    private static final Map<String, String> BUS_GROUP_BY_ENVELOPE_GROUP = Map.of(
            Groups.RESOURCE, BusGroups.META,
            Groups.TWIN, BusGroups.TWIN,
            Groups.FUNC, BusGroups.SERVICEBUS,
            Groups.USER, BusGroups.BUS);

    private CloudRoutes() {
    }

    static Optional<String> busGroupFor(String envelopeGroup) {
        return Optional.ofNullable(BUS_GROUP_BY_ENVELOPE_GROUP.get(envelopeGroup));
    }
}
