package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Node condition rules shared by the status path and the lifecycle controller. */
final class NodeConditions {
    static final String READY = "Ready";
    static final String UNKNOWN = "Unknown";

    private NodeConditions() {
    }

    /**
     * The reported conditions, with lastTransitionTime kept from the stored condition when the status
     * did not change and set to {@code received} when it did. The edge cannot know that the cloud
     * marked it Unknown meanwhile, so only the cloud can tell when a transition really happened.
     * lastHeartbeatTime is {@code received}, the cloud's clock when the report came in: a node's clock
     * may be wrong, or lie, and the time decides liveness. A new condition keeps the node's transition
     * time only if it is a time and not in the future.
     */
    static List<NodeCondition> merge(List<NodeCondition> stored, List<NodeCondition> reported, Instant received) {
        List<NodeCondition> merged = new ArrayList<>();
        for (NodeCondition condition : reported == null ? List.<NodeCondition>of() : reported) {
            NodeCondition copy = new NodeConditionBuilder(condition).build();
            copy.setLastHeartbeatTime(timestamp(received));
            Optional<NodeCondition> before = find(stored, condition.getType());
            if (before.isPresent() && Objects.equals(before.get().getStatus(), condition.getStatus())) {
                if (before.get().getLastTransitionTime() != null) {
                    copy.setLastTransitionTime(before.get().getLastTransitionTime());
                }
            } else if (before.isPresent() || !isPastTime(copy.getLastTransitionTime(), received)) {
                copy.setLastTransitionTime(timestamp(received));
            }
            merged.add(copy);
        }
        return merged;
    }

    /** A well-formed time not after {@code now}: what may be kept of a node's own account. */
    private static boolean isPastTime(String time, Instant now) {
        if (time == null) {
            return false;
        }
        try {
            return !Instant.parse(time).isAfter(now);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static Optional<NodeCondition> find(List<NodeCondition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }

    /** Kubernetes metav1.Time: RFC 3339 in whole seconds. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
