package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Writes a node's status through the status subresource, re-reading and retrying when another
 * writer (the lifecycle controller, a second cloud-app) changed the node in between.
 */
final class NodeStatusWriter {
    private static final int ATTEMPTS = 5;
    private static final int CONFLICT = 409;

    private final KubernetesClient client;

    NodeStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** @return the stored node, or empty when there is no node of that name */
    Optional<Node> write(String nodeName, UnaryOperator<NodeStatus> change) {
        KubernetesClientException lastConflict = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                return Optional.empty();
            }
            node.setStatus(change.apply(node.getStatus() == null ? new NodeStatus() : node.getStatus()));
            try {
                return Optional.of(client.nodes().resource(node).updateStatus());
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw e;
                }
                lastConflict = e;
            }
        }
        throw lastConflict;
    }
}
