package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.hub.Authorization;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.MirrorPod;
import io.kedge.protocol.PodDeletion;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code delete {ns}/pod/{name}} with the pod's uid ({@link PodDeletion}): a node has stopped every
 * container of a terminating pod, so the Pod object goes, as a kubelet removes it: a DELETE with
 * grace period 0 and the uid as precondition.
 *
 * <p>Sent by: a connected node, about its own pods. Touches: only the Pod named in the key, and only
 * if its {@code spec.nodeName} is the sending node, it carries a {@code deletionTimestamp} (someone
 * with the right to delete it asked for its deletion; a node never starts one) or it is a mirror pod
 * (annotation {@value MirrorPod#MIRROR_ANNOTATION}: the node's own static pod that it stopped
 * running), and its uid is the
 * one sent (an earlier pod's word never removes its successor of the same name; the API server checks
 * the uid again atomically). Anything else is refused for good with a log line, and nothing is
 * deleted. A pod already gone is answered with a response: what the node asked for is done.
 * Written through the {@link ReportWriter}, so a node's deletions share its write rate.
 */
final class PodDeletionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PodDeletionHandler.class);
    private static final int NOT_FOUND = 404;
    private static final int CONFLICT = 409;
    static final String GONE = "gone";

    /** Touches: only pods bound to the sender that are terminating, of the uid sent. */
    static final Authorization.ObjectRule<Pod> TOUCHES = PodRules.boundToSender();

    private final KubernetesClient client;
    private final ReportWriter writer;

    PodDeletionHandler(KubernetesClient client, ReportWriter writer) {
        this.client = client;
        this.writer = writer;
    }

    Message handle(String nodeName, ResourcePath path, Message message) {
        PodDeletion deletion;
        try {
            deletion = PodDeletion.decode(message);
        } catch (ProtocolException e) {
            return refuse(nodeName, message, e.getMessage());
        }
        Optional<String> badKey = ObjectKeys.invalidNamespacedKey(path);
        if (badKey.isPresent()) {
            return refuse(nodeName, message, badKey.get());
        }
        return writer.submit(nodeName, deletion.outboxKey(), message, deletion.uid().length(),
                () -> apply(nodeName, path, deletion, message));
    }

    private Message apply(String nodeName, ResourcePath path, PodDeletion deletion, Message message) {
        try {
            Pod pod = client.pods().inNamespace(deletion.namespace()).withName(deletion.name()).get();
            if (pod == null) {
                return gone(message);
            }
            Optional<String> refusal = TOUCHES.refusal(nodeName, path, pod)
                    .or(() -> notTerminating(pod, deletion))
                    .or(() -> otherIncarnation(pod, deletion));
            if (refusal.isPresent()) {
                return refuse(nodeName, message, refusal.get());
            }
            delete(deletion);
            LOG.debug("Pod {}/{} ({}) deleted for node {}", deletion.namespace(), deletion.name(), deletion.uid(),
                    nodeName);
            return Message.responseTo(message, EdgeController.SOURCE, TextNode.valueOf("OK"));
        } catch (KubernetesClientException e) {
            if (e.getCode() == NOT_FOUND) {
                return gone(message);
            }
            if (e.getCode() == CONFLICT) { // the uid precondition failed: a new pod took the name meanwhile
                return refuse(nodeName, message, "pod " + deletion.path() + " is no longer " + deletion.uid());
            }
            LOG.warn("Pod {} of node {} not deleted: {}", deletion.path(), nodeName, e.getMessage());
            return ErrorReplies.unavailable(message, EdgeController.SOURCE, "cloud failed: " + e.getMessage());
        }
    }

    /** DELETE with grace 0 and the uid as precondition (fabric8's DSL sets no uid precondition). */
    private void delete(PodDeletion deletion) {
        String uri = client.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/"
                + deletion.namespace() + "/pods/" + deletion.name();
        DeleteOptions options = new DeleteOptionsBuilder().withGracePeriodSeconds(0L).withNewPreconditions()
                .withUid(deletion.uid()).endPreconditions().build();
        client.raw(uri, "DELETE", options);
    }

    private static Optional<String> notTerminating(Pod pod, PodDeletion deletion) {
        boolean mirror = pod.getMetadata().getAnnotations() != null
                && pod.getMetadata().getAnnotations().containsKey(MirrorPod.MIRROR_ANNOTATION);
        return pod.getMetadata().getDeletionTimestamp() == null && !mirror
                ? Optional.of("pod " + deletion.path() + " is not being deleted (no deletionTimestamp)")
                : Optional.empty();
    }

    private static Optional<String> otherIncarnation(Pod pod, PodDeletion deletion) {
        return deletion.uid().equals(pod.getMetadata().getUid()) ? Optional.empty()
                : Optional.of("pod " + deletion.path() + " has uid " + pod.getMetadata().getUid() + ", not "
                        + deletion.uid());
    }

    private static Message gone(Message message) {
        return Message.responseTo(message, EdgeController.SOURCE, TextNode.valueOf(GONE));
    }

    /** A final answer, logged: the same message would be refused again. */
    private static Message refuse(String nodeName, Message message, String reason) {
        LOG.warn("Pod deletion {} from node {} refused: {}", LogSafe.of(message.resource()), nodeName,
                LogSafe.of(reason));
        return Message.errorTo(message, EdgeController.SOURCE, reason);
    }
}
