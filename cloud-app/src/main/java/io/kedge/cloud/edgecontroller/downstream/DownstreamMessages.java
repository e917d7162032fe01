package io.kedge.cloud.edgecontroller.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.util.Optional;

/** The messages EdgeController sends down to a node's MetaManager. */
final class DownstreamMessages {
    private DownstreamMessages() {
    }

    /** insert, update or delete of one object; header.resourceversion = the object's. */
    static Message object(String operation, ResourcePath key, JsonNode content, String resourceVersion) {
        return Message.create(EdgeController.SOURCE, Groups.RESOURCE, key.toString(), operation, content)
                .withResourceVersion(resourceVersion);
    }

    /** Asks the node what it holds: {@code default/inventory/{node}}. */
    static Message inventoryQuery(String nodeName) {
        return io.kedge.protocol.Inventory.query(EdgeController.SOURCE, nodeName);
    }

    /**
     * A delete names the object and nothing more: {@code apiVersion}, {@code kind} and
     * {@code metadata{name, namespace, uid, resourceVersion}} of the version the node holds, never
     * data, spec or status. The node may have asked for it by listing a key in its inventory, so its
     * content comes from what the node was sent or reported, never from the cluster.
     */
    static Message delete(ResourcePath key, ObjectVersion held) {
        return delete(key, held, ResourceTypes.kindOf(key.type()));
    }

    /** @param kind the names of the key's kind, as registered in {@link EdgeKinds} */
    static Message delete(ResourcePath key, ObjectVersion held, Optional<ResourceTypes.Kind> kind) {
        return object(Operations.DELETE, key, nameOnly(key, held, kind), held.resourceVersion());
    }

    private static ObjectNode nameOnly(ResourcePath key, ObjectVersion held, Optional<ResourceTypes.Kind> names) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        names.ifPresent(kind ->
                object.put("apiVersion", kind.apiVersion()).put("kind", kind.kind()));
        ObjectNode metadata = object.putObject("metadata").put("name", key.name());
        if (!EdgeResourceTypes.NODE.equals(key.type())) {
            metadata.put("namespace", key.namespace());
        }
        metadata.put("uid", held.uid()).put("resourceVersion", held.resourceVersion());
        return object;
    }
}
