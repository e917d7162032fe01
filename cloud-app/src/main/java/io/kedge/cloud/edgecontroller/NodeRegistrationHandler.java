package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code insert default/node/{name}}: an edge node registers (or re-registers) itself. */
final class NodeRegistrationHandler implements ResourceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrationHandler.class);
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final NodeStatusWriter statusWriter;
    private final Clock clock;

    NodeRegistrationHandler(KubernetesClient client, NodeStatusWriter statusWriter, Clock clock) {
        this.client = client;
        this.statusWriter = statusWriter;
        this.clock = clock;
    }

    @Override
    public Message handle(String nodeName, ResourcePath path, Message message) {
        if (!Operations.INSERT.equals(message.operation())) {
            return Message.errorTo(message, EdgeController.SOURCE,
                    "unsupported operation '" + message.operation() + "' on node");
        }
        Node reported;
        try {
            reported = KubeJson.toObject(client, message.content(), Node.class);
        } catch (IllegalArgumentException e) {
            return Message.errorTo(message, EdgeController.SOURCE, "content is not a Node: " + e.getMessage());
        }
        ObjectMeta meta = reported.getMetadata() == null ? new ObjectMeta() : reported.getMetadata();
        Node stored = createIfAbsent(nodeName, meta, reported.getStatus());
        if (stored == null) {
            stored = mergeMetadata(nodeName, meta);
            NodeStatus status = reported.getStatus() == null ? new NodeStatus() : reported.getStatus();
            List<NodeCondition> reportedConditions = status.getConditions();
            stored = statusWriter.write(nodeName, current -> {
                status.setConditions(NodeConditions.merge(current.getConditions(), reportedConditions, clock.instant()));
                return status;
            }).orElse(stored);
        }
        JsonNode content = KubeJson.toTree(client, stored);
        return Message.responseTo(message, EdgeController.SOURCE, content)
                .withResourceVersion(stored.getMetadata().getResourceVersion());
    }

    /** @return the created node, or null when it already existed */
    private Node createIfAbsent(String nodeName, ObjectMeta meta, NodeStatus status) {
        if (client.nodes().withName(nodeName).get() != null) {
            return null;
        }
        Node fresh = new NodeBuilder()
                .withNewMetadata()
                .withName(nodeName)
                .withLabels(meta.getLabels())
                .withAnnotations(meta.getAnnotations())
                .endMetadata()
                .withStatus(status)
                .build();
        try {
            Node created = client.nodes().resource(fresh).create();
            LOG.info("Registered node {}", nodeName);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == CONFLICT) {
                return null;
            }
            throw e;
        }
    }

    private Node mergeMetadata(String nodeName, ObjectMeta reported) {
        return client.nodes().withName(nodeName).edit(node -> {
            node.getMetadata().setLabels(merged(node.getMetadata().getLabels(), reported.getLabels()));
            node.getMetadata().setAnnotations(merged(node.getMetadata().getAnnotations(), reported.getAnnotations()));
            return node;
        });
    }

    private static Map<String, String> merged(Map<String, String> stored, Map<String, String> reported) {
        Map<String, String> result = new HashMap<>(stored == null ? Map.of() : stored);
        if (reported != null) {
            result.putAll(reported);
        }
        return result;
    }
}
