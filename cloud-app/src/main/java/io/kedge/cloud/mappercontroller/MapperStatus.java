package io.kedge.cloud.mappercontroller;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code status} of a {@link Mapper}.
 *
 * @param phase              {@code Pending} (nothing sent yet), {@code RollingOut}, {@code Complete}
 *                           (every selected node installed it) or {@code Failed} (the rollout stopped)
 * @param observedGeneration the spec generation this status is about
 * @param message            for people: progress, or why the rollout stopped
 * @param nodes              one entry per selected node, by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MapperStatus(String phase, Long observedGeneration, String message, List<NodeStatus> nodes) {
    public static final String PENDING = "Pending";
    public static final String ROLLING_OUT = "RollingOut";
    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    static final MapperStatus EMPTY = new MapperStatus(null, null, null, List.of());

    public MapperStatus {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /**
     * The mapper on one node.
     *
     * @param node               the node's name
     * @param state              {@code Pending}, {@code Installing} (sent, no answer yet), {@code Installed}
     *                           or {@code Failed}
     * @param sha256             the digest this state is about
     * @param version            its version
     * @param reason             the node's reason for a failure
     * @param sentTime           when the bundle was last sent to the node (RFC 3339)
     * @param lastTransitionTime when {@code state} last changed (RFC 3339)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeStatus(String node, String state, String sha256, String version, String reason, String sentTime,
            String lastTransitionTime) {
        public static final String INSTALLING = "Installing";
        public static final String INSTALLED = "Installed";
    }
}
