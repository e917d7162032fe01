package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.MirrorPod;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code insert {ns}/pod/{name}} with a Pod ({@link MirrorPod}): a node shows one of its static pods
 * in the API as a mirror pod, as a kubelet does.
 *
 * <p>Sent by: a connected node, about its own static pods. Touches: creates only a Pod bound to the
 * sender ({@code spec.nodeName}) that carries the mirror annotation, has no owner and refers to no
 * API object (no secret, configMap, persistent volume claim, projected or service account token
 * volume, no env from a secret or configMap): a node must not gain access to what the cluster never
 * gave it by declaring a pod, as Kubernetes' NodeRestriction rules. A pod of that name that exists
 * already is left alone: the answer is a response if it is this node's mirror of the same hash,
 * else a final refusal. Uid, resourceVersion and status sent are dropped; the API server assigns them.
 * Written through the {@link ReportWriter}, so a node's mirror pods share its write rate.
 */
final class MirrorPodHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorPodHandler.class);
    private static final int CONFLICT = 409;
    private static final int BAD_REQUEST = 400;
    private static final int INVALID = 422;
    static final String EXISTS = "exists";

    private final KubernetesClient client;
    private final ReportWriter writer;

    MirrorPodHandler(KubernetesClient client, ReportWriter writer) {
        this.client = client;
        this.writer = writer;
    }

    Message handle(String nodeName, ResourcePath path, Message message) {
        ObjectNode mirror;
        try {
            mirror = MirrorPod.decode(message);
        } catch (ProtocolException e) {
            return refuse(nodeName, message, e.getMessage());
        }
        Optional<String> refusal = ObjectKeys.invalidNamespacedKey(path)
                .or(() -> notBoundToSender(nodeName, path, mirror))
                .or(() -> ApiReferences.of(mirror));
        if (refusal.isPresent()) {
            return refuse(nodeName, message, refusal.get());
        }
        ObjectNode metadata = (ObjectNode) mirror.get("metadata");
        metadata.remove(List.of("uid", "resourceVersion", "creationTimestamp", "deletionTimestamp",
                "generation", "managedFields"));
        mirror.remove("status");
        return writer.submit(nodeName, MirrorPod.outboxKey(path.namespace(), path.name()), message,
                mirror.toString().length(), () -> create(nodeName, path, mirror, message));
    }

    private Message create(String nodeName, ResourcePath path, ObjectNode mirror, Message message) {
        try {
            Pod pod;
            try {
                pod = KubeJson.toObject(client, mirror, Pod.class);
            } catch (IllegalArgumentException e) {
                return refuse(nodeName, message, "not a Pod: " + e.getMessage());
            }
            Pod created = client.pods().inNamespace(path.namespace()).resource(pod).create();
            return Message.responseTo(message, EdgeController.SOURCE, TextNode.valueOf("OK"))
                    .withResourceVersion(created.getMetadata().getResourceVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() == CONFLICT) {
                return existing(nodeName, path, mirror, message);
            }
            if (e.getCode() == BAD_REQUEST || e.getCode() == INVALID) {
                return refuse(nodeName, message, "the API server refuses mirror pod " + path + ": " + e.getMessage());
            }
            LOG.warn("Mirror pod {} of node {} not created: {}", path, nodeName, e.getMessage());
            return ErrorReplies.unavailable(message, EdgeController.SOURCE, "cloud failed: " + e.getMessage());
        }
    }

    /** Creating twice is fine; taking the name of another pod is not. */
    private Message existing(String nodeName, ResourcePath path, ObjectNode mirror, Message message) {
        Pod pod = client.pods().inNamespace(path.namespace()).withName(path.name()).get();
        String hash = MirrorPod.mirrorHash(mirror);
        if (pod != null && pod.getSpec() != null && nodeName.equals(pod.getSpec().getNodeName())
                && pod.getMetadata().getAnnotations() != null
                && hash.equals(pod.getMetadata().getAnnotations().get(MirrorPod.MIRROR_ANNOTATION))) {
            return Message.responseTo(message, EdgeController.SOURCE, TextNode.valueOf(EXISTS));
        }
        return refuse(nodeName, message, "pod " + path + " exists and is not this node's mirror of hash " + hash);
    }

    private static Optional<String> notBoundToSender(String nodeName, ResourcePath path, JsonNode mirror) {
        return nodeName.equals(mirror.path("spec").path("nodeName").asText(null)) ? Optional.empty()
                : Optional.of(ProtocolException.Reason.FORBIDDEN + ": mirror pod " + path
                        + " is not bound to node " + nodeName);
    }

    private static Message refuse(String nodeName, Message message, String reason) {
        LOG.warn("Mirror pod {} from node {} refused: {}", LogSafe.of(message.resource()), nodeName,
                LogSafe.of(reason));
        return Message.errorTo(message, EdgeController.SOURCE, reason);
    }
}
