package io.kedge.protocol.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ProtocolException.Reason;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;

/**
 * A node asks the cloud to set the desired value of one property of one of its devices (an
 * administrator did, on the node's console): {@code update {namespace}/devicedesired/{device}} with
 * {@code {"property":"temperature","value":"21"}}. Desired values belong to the Device's spec, which
 * only the cloud writes; the new value comes back down with the Device like any other change. Only
 * the latest request per property matters: one coalescing key each ({@link #outboxKey}).
 *
 * <p>Both fields follow the rule KubeEdge's DeviceTwin applies to twin keys and values (letters,
 * digits and {@code - _ . , : / @ #}; names up to 128, values up to 512 characters), so a value
 * the cloud accepts here is one the node's DeviceTwin takes.
 */
public record DesiredValueRequest(String property, String value) {
    /** @throws IllegalArgumentException when the property or the value breaks the rule above */
    public DesiredValueRequest {
        if (!TwinText.validKey(property)) {
            throw new IllegalArgumentException("a property name is 1 to 128 letters, digits or - _ . , : / @ #");
        }
        if (!TwinText.validValue(value)) {
            throw new IllegalArgumentException("a desired value is 1 to 512 letters, digits or - _ . , : / @ #");
        }
    }

    /** {@code {namespace}/devicedesired/{device}}. */
    public static String resource(String namespace, String device) {
        return ResourcePath.of(namespace, ResourceTypes.DEVICE_DESIRED, device).toString();
    }

    /** {@code devicedesired/{namespace}/{device}/{property}}. */
    public String outboxKey(String namespace, String device) {
        return ResourceTypes.DEVICE_DESIRED + "/" + namespace + "/" + device + "/" + property;
    }

    public Message message(String source, String namespace, String device) {
        return Message.create(source, Groups.TWIN, resource(namespace, device), Operations.UPDATE, toJson());
    }

    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("property", property).put("value", value);
    }

    /** @throws ProtocolException for a content that is no such request or breaks the rule above */
    public static DesiredValueRequest parse(JsonNode content) throws ProtocolException {
        JsonNode json = DeviceReports.object(content, "desired value request");
        String property = DeviceReports.text(json, "property", DeviceReports.MAX_NAME_CHARS);
        String value = DeviceReports.text(json, "value", DeviceReports.MAX_NAME_CHARS * 4);
        try {
            return new DesiredValueRequest(property, value);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED_JSON, e.getMessage(), e);
        }
    }
}
