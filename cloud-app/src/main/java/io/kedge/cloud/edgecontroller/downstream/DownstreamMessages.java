package io.kedge.cloud.edgecontroller.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;

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
        String resource = ResourcePath.of(EdgeResourceTypes.CLUSTER_NAMESPACE, EdgeResourceTypes.INVENTORY, nodeName)
                .toString();
        return Message.create(EdgeController.SOURCE, Groups.RESOURCE, resource, Operations.QUERY,
                JsonNodeFactory.instance.objectNode());
    }

    /** Stands in for a deleted object the cloud no longer knows: enough for the edge to find and drop it. */
    static JsonNode minimalObject(ResourcePath key, ObjectVersion version) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = object.putObject("metadata").put("name", key.name());
        if (!EdgeResourceTypes.NODE.equals(key.type())) {
            metadata.put("namespace", key.namespace());
        }
        metadata.put("uid", version.uid());
        return object;
    }
}
