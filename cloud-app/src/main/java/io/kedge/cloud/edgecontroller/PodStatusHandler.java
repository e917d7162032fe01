package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.HandlerRegistration;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code update {ns}/podstatus/{pod}}: a node reports the status of one of its pods, either the plain
 * PodStatus or KubeEdge's PodStatusRequest {@code {UID, Name, Status}}.
 *
 * <p>Sent by: a connected node, about its own pods. Touches: the status of the Pod named in the key,
 * only if its {@code spec.nodeName} is the sending node (and its uid the one reported, if any); a key
 * that cannot name a pod is refused before anything is looked up. Written through the
 * {@link ReportWriter}: rate-limited per node, only the latest report per pod.
 *
 * <p>The node keeps a report in its outbox until it gets an answer, so the kind of answer matters: a
 * refusal (a key that can name no pod, no such pod, not this node's, another incarnation, a status
 * the API server rejects) is final and the node drops the report; when the API server cannot be
 * reached or keeps conflicting, or the node has too many reports waiting, the reply is
 * {@link ErrorReplies#unavailable} and the node sends the report again later. A report replaced by
 * a newer one of the same pod is answered with a response ({@link ReportWriter#SUPERSEDED}).
 */
final class PodStatusHandler implements ResourceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PodStatusHandler.class);
    private static final int ATTEMPTS = 5;
    private static final int BAD_REQUEST = 400;
    private static final int NOT_FOUND = 404;
    private static final int CONFLICT = 409;
    private static final int INVALID = 422;

    /** Sent by: any connected node; the key alone cannot tell whose pod it names. */
    static final Authorization SENT_BY = Authorization.anyNodeCheckedOnTheObject();
    /** Touches: only pods bound to the sender, checked on the pod read before each write. */
    static final Authorization.ObjectRule<Pod> TOUCHES = PodRules.boundToSender();

    private final KubernetesClient client;
    private final ReportWriter writer;

    PodStatusHandler(KubernetesClient client, ReportWriter writer) {
        this.client = client;
        this.writer = writer;
    }

    HandlerRegistration registration() {
        return HandlerRegistration.of(ResourceTypes.POD_STATUS, SENT_BY, this);
    }

    @Override
    public Message handle(String nodeName, ResourcePath path, Message message) {
        if (!Operations.UPDATE.equals(message.operation())) {
            return refuse(message, "unsupported operation '" + message.operation() + "' on podstatus");
        }
        Optional<String> badKey = ObjectKeys.invalidNamespacedKey(path);
        if (badKey.isPresent()) {
            LOG.debug("Node {} sent a pod status with a bad key: {}", nodeName, badKey.get());
            return refuse(message, badKey.get());
        }
        JsonNode content = message.content();
        boolean isRequest = content.has("Status");
        JsonNode statusJson = isRequest ? content.get("Status") : content;
        if (!statusJson.isObject()) {
            return refuse(message, "content is neither a PodStatus nor {UID, Name, Status}");
        }
        PodStatus status;
        try {
            status = KubeJson.toObject(client, statusJson, PodStatus.class);
        } catch (IllegalArgumentException e) {
            return refuse(message, "Status is not a PodStatus: " + e.getMessage());
        }
        String uid = isRequest ? content.path("UID").asText("") : "";
        return writer.submit(nodeName, ResourceTypes.POD_STATUS + "/" + path.namespace() + "/" + path.name(), message,
                statusJson.toString().length(), () -> apply(nodeName, path, uid, status, message));
    }

    private Message apply(String nodeName, ResourcePath path, String uid, PodStatus status, Message message) {
        try {
            return write(nodeName, path, uid, status, message);
        } catch (KubernetesClientException e) {
            if (e.getCode() == NOT_FOUND) {
                return refuse(message, notFound(path));
            }
            if (e.getCode() == BAD_REQUEST || e.getCode() == INVALID) {
                return refuse(message, "the API server refuses this status of pod " + path.namespace() + "/"
                        + path.name() + ": " + e.getMessage());
            }
            LOG.warn("Status of pod {}/{} from node {} not written: {}", path.namespace(), path.name(), nodeName,
                    e.getMessage());
            return ErrorReplies.unavailable(message, EdgeController.SOURCE, "cloud failed: " + e.getMessage());
        }
    }

    private Message write(String nodeName, ResourcePath path, String uid, PodStatus status, Message message) {
        KubernetesClientException lastConflict = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Pod pod = client.pods().inNamespace(path.namespace()).withName(path.name()).get();
            if (pod == null) {
                return refuse(message, notFound(path));
            }
            Optional<String> forbidden = TOUCHES.refusal(nodeName, path, pod);
            if (forbidden.isPresent()) {
                return refuse(message, forbidden.get());
            }
            // A status for an earlier pod of the same name must not land on its successor.
            if (!uid.isEmpty() && !uid.equals(pod.getMetadata().getUid())) {
                return refuse(message, "pod " + path.namespace() + "/" + path.name() + " has uid "
                        + pod.getMetadata().getUid() + ", not " + uid);
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
                lastConflict = e; // someone else wrote the pod meanwhile: read it again
            }
        }
        throw lastConflict;
    }

    private static String notFound(ResourcePath path) {
        return "pod " + path.namespace() + "/" + path.name() + " not found";
    }

    /** A final answer: the same report would be refused again. */
    private static Message refuse(Message message, String reason) {
        return Message.errorTo(message, EdgeController.SOURCE, reason);
    }
}
