package io.kedge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A node's static pod (from a manifest file on the node) shown in the API as a mirror pod, as a
 * kubelet does: {@code insert {namespace}/pod/{name}} in group {@code resource}, a v1 Pod for
 * content, carrying the annotation {@value #MIRROR_ANNOTATION} (the static pod's hash) and
 * {@code spec.nodeName} of the node. A mirror pod the node no longer runs goes with a
 * {@link PodDeletion} of its uid.
 *
 * @since 1.5
 */
public final class MirrorPod {
    /** Marks a mirror pod; its value is the static pod's {@value #HASH_ANNOTATION}. */
    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    /** Where a pod came from; {@value #FILE_SOURCE} for a static pod. */
    public static final String SOURCE_ANNOTATION = "kubernetes.io/config.source";
    /** The static pod's hash, which is also its local uid. */
    public static final String HASH_ANNOTATION = "kubernetes.io/config.hash";
    public static final String FILE_SOURCE = "file";

    private MirrorPod() {
    }

    /** The message {@code source} sends to create {@code mirror} (a Pod with the mirror annotation). */
    public static Message create(String source, JsonNode mirror) {
        JsonNode metadata = mirror.path("metadata");
        String resource = ResourcePath.of(metadata.path("namespace").asText("default"), ResourceTypes.POD,
                metadata.path("name").asText()).toString();
        return Message.create(source, Groups.RESOURCE, resource, Operations.INSERT, mirror);
    }

    /** The outbox key of a mirror pod's creation, apart from the pod's {@link PodDeletion#outboxKey}. */
    public static String outboxKey(String namespace, String name) {
        return "mirror/" + namespace + "/" + name;
    }

    /** The mirror annotation of {@code pod}; empty when it is no mirror pod. */
    public static String mirrorHash(JsonNode pod) {
        return pod.path("metadata").path("annotations").path(MIRROR_ANNOTATION).asText("");
    }

    /**
     * Reads a mirror pod a node sent; believes nothing but the shape.
     *
     * @throws ProtocolException UNKNOWN_OPERATION when it is no {@code insert}, BAD_RESOURCE when its
     *                           resource is no {@code {ns}/pod/{name}} or names another pod than the
     *                           content, MISSING_FIELD when the content is no object with the mirror
     *                           annotation
     */
    public static ObjectNode decode(Message message) throws ProtocolException {
        if (!Operations.INSERT.equals(message.operation())) {
            throw new ProtocolException(ProtocolException.Reason.UNKNOWN_OPERATION,
                    "a mirror pod is an insert, not " + LogSafe.of(message.operation()));
        }
        ResourcePath path = ResourcePath.parse(message.resource());
        if (!ResourceTypes.POD.equals(path.type())) {
            throw new ProtocolException(ProtocolException.Reason.BAD_RESOURCE,
                    "a mirror pod is about {namespace}/pod/{name}, not " + LogSafe.of(message.resource()));
        }
        JsonNode content = message.content();
        if (content == null || !content.isObject() || !content.path("metadata").isObject()) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD, "a mirror pod carries a Pod");
        }
        JsonNode metadata = content.path("metadata");
        if (!path.namespace().equals(metadata.path("namespace").asText(null))
                || !path.name().equals(metadata.path("name").asText(null))) {
            throw new ProtocolException(ProtocolException.Reason.BAD_RESOURCE,
                    "the pod sent is not " + LogSafe.of(message.resource()));
        }
        if (mirrorHash(content).isEmpty()) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD,
                    "a mirror pod carries the annotation " + MIRROR_ANNOTATION);
        }
        return (ObjectNode) content.deepCopy();
    }
}
