package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks edge nodes that stopped reporting as Unknown, the job of Kubernetes' node lifecycle
 * controller, which the embedded development API does not have. Run it periodically.
 *
 * <p>Like Kubernetes' controller it trusts no clock but its own: what counts is when it last saw
 * the Ready condition's heartbeat time change, not what that time says (a node's clock may be wrong
 * or lie, a time left from before a restart says nothing about now). A node it has not seen change
 * since it started is judged from its start, so a Ready left over from before a restart turns
 * Unknown after the grace if the node never comes back.
 */
public final class NodeLifecycleController implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);
    static final String REASON = "NodeStatusUnknown";
    static final String MESSAGE = "Kubelet stopped posting node status.";
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final Duration grace;
    private final Clock clock;
    /** Per node: the heartbeat time last seen and when this controller saw it appear. Its thread only. */
    private final Map<String, Observed> observed = new HashMap<>();

    private record Observed(String heartbeat, Instant since) {
    }

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
            Set<String> names = new HashSet<>();
            for (Node node : nodes) {
                names.add(node.getMetadata().getName());
                if (isOverdue(node, now)) {
                    markUnknown(node, now);
                }
            }
            observed.keySet().retainAll(names);
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
        String heartbeat = String.valueOf(ready.get().getLastHeartbeatTime());
        Observed last = observed.get(node.getMetadata().getName());
        if (last == null || !last.heartbeat().equals(heartbeat)) {
            observed.put(node.getMetadata().getName(), new Observed(heartbeat, now));
            return false;
        }
        return last.since().plus(grace).isBefore(now);
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
}
