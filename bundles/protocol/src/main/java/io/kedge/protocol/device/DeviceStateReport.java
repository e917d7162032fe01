package io.kedge.protocol.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.util.Objects;

/**
 * A node's report of the state of one device: {@code update {namespace}/devicestate/{device}} whose
 * content is KubeEdge's {@code DeviceMsg} (what its DeviceTwin sends as {@code device/{id}/state/update}):
 * {@code {"event_id":"...","timestamp":1700000000000,"device":{"state":"online",
 * "lastOnlineTime":"2026-01-01T00:00:00Z"}}}. Only the latest state matters: one coalescing key per
 * device ({@link #outboxKey}).
 *
 * @param state          as the mapper reports it ("online", "offline", "unknown", ...)
 * @param lastOnlineTime RFC 3339 time the device was last online, or empty
 */
public record DeviceStateReport(String eventId, long timestamp, String state, String lastOnlineTime) {

    public DeviceStateReport {
        eventId = eventId == null ? "" : eventId;
        Objects.requireNonNull(state, "state");
        lastOnlineTime = lastOnlineTime == null ? "" : lastOnlineTime;
    }

    /** {@code {namespace}/devicestate/{device}}. */
    public static String resource(String namespace, String device) {
        return ResourcePath.of(namespace, ResourceTypes.DEVICE_STATE, device).toString();
    }

    /** {@code devicestate/{namespace}/{device}}. */
    public static String outboxKey(String namespace, String device) {
        return ResourceTypes.DEVICE_STATE + "/" + namespace + "/" + device;
    }

    public Message message(String source, String namespace, String device) {
        return Message.create(source, Groups.TWIN, resource(namespace, device), Operations.UPDATE, toJson());
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("event_id", eventId).put("timestamp", timestamp);
        ObjectNode device = json.putObject("device").put("state", state);
        if (!lastOnlineTime.isEmpty()) {
            device.put("lastOnlineTime", lastOnlineTime);
        }
        return json;
    }

    /** @throws ProtocolException for a content that is no state report, a missing or bad state, oversize fields */
    public static DeviceStateReport parse(JsonNode content) throws ProtocolException {
        JsonNode json = DeviceReports.object(content, "state report");
        JsonNode device = DeviceReports.child(json, "device");
        if (device == null) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD, "state report has no \"device\"");
        }
        String state = DeviceReports.name(DeviceReports.text(device, "state", DeviceReports.MAX_NAME_CHARS),
                "\"device\".\"state\"");
        return new DeviceStateReport(DeviceReports.text(json, "event_id", DeviceReports.MAX_NAME_CHARS),
                DeviceReports.millis(json, "timestamp"), state,
                DeviceReports.text(device, "lastOnlineTime", DeviceReports.MAX_NAME_CHARS));
    }
}
