package io.kedge.testing.node;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Upstream messages shaped like the ones bundles/edged and bundles/edgehub send. */
public final class EdgeMessages {
    public static final String EDGE_ROLE_LABEL = "node-role.kubernetes.io/edge";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EdgeMessages() {
    }

    /** The Node as Edged registers it: edge role and hostname labels, a Ready status. */
    public static Message register(String nodeName) {
        return register(nodeName, Map.of(), true);
    }

    /**
     * As {@link #register(String)}, with more labels.
     *
     * @param withStatus false: a Node without status, whose readiness the cloud's lifecycle
     *                   controller then leaves alone (a simulated node that posts no status)
     */
    public static Message register(String nodeName, Map<String, String> labels, boolean withStatus) {
        ObjectNode node = JSON.objectNode().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode metadata = node.putObject("metadata").put("name", nodeName);
        ObjectNode labelNode = metadata.putObject("labels").put(EDGE_ROLE_LABEL, "").put("kubernetes.io/hostname", nodeName);
        labels.forEach(labelNode::put);
        node.putObject("spec");
        if (withStatus) {
            node.set("status", status(Instant.now()));
        }
        return Message.create("edged", Groups.RESOURCE, resource(ResourceTypes.NODE, nodeName), Operations.INSERT, node);
    }

    public static Message status(String nodeName) {
        return statusOf(nodeName, nodeName, Instant.now());
    }

    /** KubeEdge's NodeStatusRequest {UID, Status, ExtendResources} sent by {@code sender}'s edge about node {@code target}. */
    public static Message statusOf(String target, String sender, Instant heartbeat) {
        ObjectNode request = JSON.objectNode().put("UID", "");
        request.set("Status", status(heartbeat));
        request.putObject("ExtendResources");
        return Message.create("edged", Groups.RESOURCE, resource(ResourceTypes.NODE_STATUS, target), Operations.UPDATE,
                request);
    }

    /** A pod status, as KubeEdge's PodStatusRequest {UID, Name, Status} or as the plain status. */
    public static Message podStatus(String namespace, String pod, String uid, String phase, boolean kubeEdgeShape) {
        ObjectNode status = JSON.objectNode().put("phase", phase);
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
        ObjectNode content = status;
        if (kubeEdgeShape) {
            content = JSON.objectNode().put("UID", uid).put("Name", pod);
            content.set("Status", status);
        }
        return Message.create("edged", Groups.RESOURCE,
                ResourcePath.of(namespace, ResourceTypes.POD_STATUS, pod).toString(), Operations.UPDATE, content);
    }

    public static Message keepalive() {
        return Message.create("edgehub", Groups.RESOURCE, ResourceTypes.NODE, Operations.KEEPALIVE,
                TextNode.valueOf("ping"));
    }

    private static String resource(String type, String name) {
        return ResourcePath.of(ResourceTypes.CLUSTER_NAMESPACE, type, name).toString();
    }

    private static ObjectNode status(Instant heartbeat) {
        String time = heartbeat.truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode status = JSON.objectNode();
        status.putObject("capacity").put("cpu", "2").put("memory", "2048Mi").put("pods", "110");
        status.putObject("allocatable").put("cpu", "2").put("memory", "2048Mi").put("pods", "110");
        status.putArray("conditions").addObject()
                .put("type", "Ready").put("status", "True")
                .put("lastHeartbeatTime", time)
                // The edge's own idea of when it became ready: it cannot know about Unknown spells.
                .put("lastTransitionTime", "2020-01-01T00:00:00Z")
                .put("reason", "EdgeReady").put("message", "edge is posting ready status");
        status.putArray("addresses").addObject().put("type", "InternalIP").put("address", "10.0.0.7");
        status.putObject("nodeInfo").put("kubeletVersion", "v1.32.0-kedge-test").put("architecture", "amd64");
        return status;
    }
}
