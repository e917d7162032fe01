package io.kedge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A node's word that a terminating pod is done: every container of the pod, which carries a
 * {@code deletionTimestamp}, has stopped, so the Pod object may go. As KubeEdge sends it:
 * {@code delete {namespace}/pod/{name}} in group {@code resource}, the pod's uid as a JSON string
 * for content. The cloud deletes the Pod with grace period 0 and the uid as precondition, as a
 * kubelet does, so an earlier pod's word never removes its successor of the same name.
 *
 * @since 1.5
 */
public record PodDeletion(String namespace, String name, String uid) {
    /** Longer than any uid the API server hands out (36 characters); more is not a uid. */
    static final int MAX_UID = 128;

    public PodDeletion {
        if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a pod deletion names a namespace and a pod");
        }
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("a pod deletion names the pod's uid");
        }
    }

    /** {@code {namespace}/pod/{name}}. */
    public ResourcePath path() {
        return ResourcePath.of(namespace, ResourceTypes.POD, name);
    }

    /** The outbox key: one pending deletion per pod name, the latest incarnation's. */
    public String outboxKey() {
        return ResourceTypes.POD + "/" + namespace + "/" + name;
    }

    /** The message {@code source} sends up. */
    public Message toMessage(String source) {
        return Message.create(source, Groups.RESOURCE, path().toString(), Operations.DELETE, TextNode.valueOf(uid));
    }

    /**
     * Reads a deletion a node sent; believes nothing but the shape.
     *
     * @throws ProtocolException UNKNOWN_OPERATION when it is no {@code delete}, BAD_RESOURCE when its
     *                           resource is no {@code {ns}/pod/{name}}, MISSING_FIELD when its content
     *                           is no non-empty uid string of at most {@value #MAX_UID} characters
     */
    public static PodDeletion decode(Message message) throws ProtocolException {
        if (!Operations.DELETE.equals(message.operation())) {
            throw new ProtocolException(ProtocolException.Reason.UNKNOWN_OPERATION,
                    "a pod deletion is a delete, not " + LogSafe.of(message.operation()));
        }
        ResourcePath path = ResourcePath.parse(message.resource());
        if (!ResourceTypes.POD.equals(path.type()) || path.namespace().isEmpty() || path.name().isEmpty()) {
            throw new ProtocolException(ProtocolException.Reason.BAD_RESOURCE,
                    "a pod deletion is about {namespace}/pod/{name}, not " + LogSafe.of(message.resource()));
        }
        JsonNode content = message.content();
        if (content == null || !content.isTextual() || content.asText().isEmpty()
                || content.asText().length() > MAX_UID) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD,
                    "a pod deletion carries the pod's uid as a string of at most " + MAX_UID + " characters");
        }
        return new PodDeletion(path.namespace(), path.name(), content.asText());
    }
}
