package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@code update default/nodestatus/{name}} with KubeEdge's NodeStatusRequest {UID, Status, ExtendResources}. */
final class NodeStatusHandler implements ResourceHandler {
    private final KubernetesClient client;
    private final NodeStatusWriter statusWriter;
    private final Clock clock;

    NodeStatusHandler(KubernetesClient client, NodeStatusWriter statusWriter, Clock clock) {
        this.client = client;
        this.statusWriter = statusWriter;
        this.clock = clock;
    }

    @Override
    public Message handle(String nodeName, ResourcePath path, Message message) {
        if (!Operations.UPDATE.equals(message.operation())) {
            return Message.errorTo(message, EdgeController.SOURCE,
                    "unsupported operation '" + message.operation() + "' on nodestatus");
        }
        JsonNode statusJson = message.content().path("Status");
        if (!statusJson.isObject()) {
            return Message.errorTo(message, EdgeController.SOURCE, "content has no Status object");
        }
        NodeStatus reported;
        try {
            reported = KubeJson.toObject(client, statusJson, NodeStatus.class);
        } catch (IllegalArgumentException e) {
            return Message.errorTo(message, EdgeController.SOURCE, "Status is not a NodeStatus: " + e.getMessage());
        }
        List<NodeCondition> reportedConditions = reported.getConditions();
        Optional<Node> stored = statusWriter.write(nodeName, current -> {
            reported.setConditions(
                    NodeConditions.merge(current.getConditions(), reportedConditions, clock.instant()));
            return reported;
        });
        if (stored.isEmpty()) {
            return Message.errorTo(message, EdgeController.SOURCE, "node " + nodeName + " is not registered");
        }
        return Message.responseTo(message, EdgeController.SOURCE, TextNode.valueOf("OK"))
                .withResourceVersion(stored.get().getMetadata().getResourceVersion());
    }
}
