package io.kedge.cloud.edgecontroller.downstream;

import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The messages that turn what a node holds into what it should hold. */
final class SyncDiff {
    /** One message to send: insert, update or delete of a key. */
    record Step(String operation, ResourcePath key) {
    }

    /** Things pods use first, so a pod never arrives before its configmap; deletes the other way round. */
    private static final List<String> DEPENDENCY_ORDER = List.of(EdgeResourceTypes.NODE,
            EdgeResourceTypes.CONFIGMAP, EdgeResourceTypes.SECRET, EdgeResourceTypes.SERVICE,
            EdgeResourceTypes.ENDPOINTS, EdgeResourceTypes.ENDPOINTSLICE, EdgeResourceTypes.POD);
    private static final Comparator<ResourcePath> BY_DEPENDENCY =
            Comparator.<ResourcePath>comparingInt(key -> rank(key.type())).thenComparing(ResourcePath::toString);

    private SyncDiff() {
    }

    /** Inserts for missing keys, updates where uid or resourceVersion differ, deletes for extra keys. */
    static List<Step> between(Map<ResourcePath, ObjectVersion> desired, Map<ResourcePath, ObjectVersion> held) {
        List<Step> steps = new ArrayList<>();
        desired.keySet().stream().sorted(BY_DEPENDENCY).forEach(key -> {
            ObjectVersion has = held.get(key);
            if (has == null) {
                steps.add(new Step(Operations.INSERT, key));
            } else if (!Objects.equals(has, desired.get(key))) {
                steps.add(new Step(Operations.UPDATE, key));
            }
        });
        held.keySet().stream().filter(key -> !desired.containsKey(key)).sorted(BY_DEPENDENCY.reversed())
                .forEach(key -> steps.add(new Step(Operations.DELETE, key)));
        return steps;
    }

    private static int rank(String type) {
        int rank = DEPENDENCY_ORDER.indexOf(type);
        return rank < 0 ? DEPENDENCY_ORDER.size() : rank;
    }
}
