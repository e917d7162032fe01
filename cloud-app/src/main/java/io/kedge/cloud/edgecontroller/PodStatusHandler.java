package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;

/**
 * {@code update {ns}/podstatus/{pod}}: a node reports the status of one of its pods, either the plain
 * PodStatus or KubeEdge's PodStatusRequest {@code {UID, Name, Status}}. Only pods bound to the
 * sending node may be written.
 */
final class PodStatusHandler implements ResourceHandler {
    private static final int ATTEMPTS = 5;
    private static final int CONFLICT = 409;

    private final KubernetesClient client;

    PodStatusHandler(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Message handle(String nodeName, ResourcePath path, Message message) {
        if (!Operations.UPDATE.equals(message.operation())) {
            return Message.errorTo(message, EdgeController.SOURCE,
                    "unsupported operation '" + message.operation() + "' on podstatus");
        }
        JsonNode content = message.content();
        boolean isRequest = content.has("Status");
        JsonNode statusJson = isRequest ? content.get("Status") : content;
        if (!statusJson.isObject()) {
            return Message.errorTo(message, EdgeController.SOURCE, "content is neither a PodStatus nor {UID, Name, Status}");
        }
        PodStatus status;
        try {
            status = KubeJson.toObject(client, statusJson, PodStatus.class);
        } catch (IllegalArgumentException e) {
            return Message.errorTo(message, EdgeController.SOURCE, "Status is not a PodStatus: " + e.getMessage());
        }
        String uid = isRequest ? content.path("UID").asText("") : "";
        return write(nodeName, path, uid, status, message);
    }

    private Message write(String nodeName, ResourcePath path, String uid, PodStatus status, Message message) {
        KubernetesClientException lastConflict = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Pod pod = client.pods().inNamespace(path.namespace()).withName(path.name()).get();
            if (pod == null) {
                return Message.errorTo(message, EdgeController.SOURCE, "pod " + path.namespace() + "/" + path.name()
                        + " not found");
            }
            if (pod.getSpec() == null || !nodeName.equals(pod.getSpec().getNodeName())) {
                return Message.errorTo(message, EdgeController.SOURCE, ProtocolException.Reason.FORBIDDEN
                        + ": pod " + path.namespace() + "/" + path.name() + " is not bound to node " + nodeName);
            }
            // A status for an earlier pod of the same name must not land on its successor.
            if (!uid.isEmpty() && !uid.equals(pod.getMetadata().getUid())) {
                return Message.errorTo(message, EdgeController.SOURCE, "pod " + path.namespace() + "/" + path.name()
                        + " has uid " + pod.getMetadata().getUid() + ", not " + uid);
            }
            pod.setStatus(status);
            try {
                Pod stored = client.pods().resource(pod).updateStatus();
                return Message.responseTo(message, EdgeController.SOURCE, TextNode.valueOf("OK"))
                        .withResourceVersion(stored.getMetadata().getResourceVersion());
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
