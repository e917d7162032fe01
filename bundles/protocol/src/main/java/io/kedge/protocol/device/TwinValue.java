package io.kedge.protocol.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.ProtocolException;
import java.util.Objects;

/**
 * One value of a twin with the time it was set: KubeEdge's {@code TwinValue},
 * {@code {"value":"21.5","metadata":{"timestamp":1700000000000}}}.
 *
 * @param value     the value as text, as KubeEdge keeps every twin value
 * @param timestamp when the value was set or read, ms since the epoch; 0 when unknown (then not written)
 */
public record TwinValue(String value, long timestamp) {

    public TwinValue {
        Objects.requireNonNull(value, "value");
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("value", value);
        if (timestamp > 0) {
            json.putObject("metadata").put("timestamp", timestamp);
        }
        return json;
    }

    /** @return null when {@code json} is null (the value is not reported) */
    static TwinValue read(JsonNode json, String where) throws ProtocolException {
        if (json == null) {
            return null;
        }
        JsonNode value = json.get("value");
        if (value == null || !value.isTextual()) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON, where + " has no string \"value\"");
        }
        String text = DeviceReports.text(json, "value", DeviceReports.MAX_VALUE_CHARS);
        JsonNode metadata = DeviceReports.child(json, "metadata");
        return new TwinValue(text, metadata == null ? 0 : DeviceReports.millis(metadata, "timestamp"));
    }
}
