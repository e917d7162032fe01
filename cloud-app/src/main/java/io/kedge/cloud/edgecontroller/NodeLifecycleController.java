package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks edge nodes that stopped reporting as Unknown, the job of Kubernetes' node lifecycle
 * controller, which the embedded development API does not have. Run it periodically.
 */
public final class NodeLifecycleController implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);
    static final String REASON = "NodeStatusUnknown";
    static final String MESSAGE = "Kubelet stopped posting node status.";
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final Duration grace;
    private final Clock clock;

    public NodeLifecycleController(KubernetesClient client, Duration grace, Clock clock) {
        this.client = client;
        this.grace = grace;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            Instant now = clock.instant();
            List<Node> nodes = client.nodes().withLabel(EdgeController.EDGE_ROLE_LABEL).list().getItems();
            for (Node node : nodes) {
                if (isOverdue(node, now)) {
                    markUnknown(node, now);
                }
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Node lifecycle check failed: {}", e.getMessage());
        }
    }

    private boolean isOverdue(Node node, Instant now) {
        if (node.getStatus() == null) {
            return false;
        }
        Optional<NodeCondition> ready = NodeConditions.find(node.getStatus().getConditions(), NodeConditions.READY);
        if (ready.isEmpty() || NodeConditions.UNKNOWN.equals(ready.get().getStatus())) {
            return false;
        }
        Optional<Instant> heartbeat = parse(ready.get().getLastHeartbeatTime());
        return heartbeat.isPresent() && heartbeat.get().plus(grace).isBefore(now);
    }

    private void markUnknown(Node node, Instant now) {
        String since = NodeConditions.timestamp(now);
        for (NodeCondition condition : node.getStatus().getConditions()) {
            condition.setStatus(NodeConditions.UNKNOWN);
            condition.setReason(REASON);
            condition.setMessage(MESSAGE);
            condition.setLastTransitionTime(since);
        }
        String name = node.getMetadata().getName();
        try {
            client.nodes().resource(node).updateStatus();
            LOG.info("Node {} stopped posting status for more than {} s: marked Unknown", name, grace.toSeconds());
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
            // A status arrived meanwhile: the node is alive, nothing to do.
            LOG.debug("Node {} changed while marking it Unknown; skipped", name);
        }
    }

    private static Optional<Instant> parse(String time) {
        if (time == null || time.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
