package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.hub.HeartbeatListener;
import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.HandlerRegistration;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code update default/nodestatus/{name}} with KubeEdge's NodeStatusRequest {UID, Status, ExtendResources}.
 *
 * <p>Sent by: a connected node, about itself ({@link #SENT_BY} refuses another node's name). Touches:
 * the status of the sender's own Node, nothing else; condition heartbeat times are the cloud's
 * clock when the report came in, never the node's. Written through the {@link ReportWriter}:
 * rate-limited per node, only the latest report. A written status counts as a heartbeat.
 */
final class NodeStatusHandler implements ResourceHandler {
    /** Sent by: a node, about itself only; the key is the Node it touches. */
    static final Authorization SENT_BY = Authorization.ownNodeOnly();

    private final KubernetesClient client;
    private final NodeStatusWriter statusWriter;
    private final ReportWriter writer;
    private final HeartbeatListener heartbeats;
    private final Clock clock;

    NodeStatusHandler(KubernetesClient client, NodeStatusWriter statusWriter, ReportWriter writer,
            HeartbeatListener heartbeats, Clock clock) {
        this.client = client;
        this.statusWriter = statusWriter;
        this.writer = writer;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    HandlerRegistration registration() {
        return HandlerRegistration.of(ResourceTypes.NODE_STATUS, SENT_BY, this);
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
        Instant received = clock.instant();
        return writer.submit(nodeName, ResourceTypes.NODE_STATUS, message, statusJson.toString().length(),
                () -> write(nodeName, reported, received, message));
    }

    private Message write(String nodeName, NodeStatus reported, Instant received, Message message) {
        List<NodeCondition> reportedConditions = reported.getConditions();
        Optional<Node> stored = statusWriter.write(nodeName, current -> {
            reported.setConditions(NodeConditions.merge(current.getConditions(), reportedConditions, received));
            return reported;
        });
        if (stored.isEmpty()) {
            return Message.errorTo(message, EdgeController.SOURCE, "node " + nodeName + " is not registered");
        }
        heartbeats.heartbeat(nodeName);
        return Message.responseTo(message, EdgeController.SOURCE, TextNode.valueOf("OK"))
                .withResourceVersion(stored.get().getMetadata().getResourceVersion());
    }
}
