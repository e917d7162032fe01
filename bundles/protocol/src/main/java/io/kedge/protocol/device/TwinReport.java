package io.kedge.protocol.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.ProtocolException;

/**
 * What a node reports of one property: KubeEdge's {@code MsgTwin} with the fields the cloud writes,
 * {@code {"expected":{...},"actual":{...},"metadata":{"type":"int"}}}. Other fields of a MsgTwin
 * ({@code optional}, {@code expected_version}, {@code actual_version}) are the node's own and are
 * neither sent nor read.
 *
 * @param expected the desired value the node has seen (becomes {@code status.twins[].observedDesired}), or null
 * @param actual   the value read from the device (becomes {@code status.twins[].reported}), or null
 * @param type     the property's type as the node knows it ("int", "string", ...), or empty
 */
public record TwinReport(TwinValue expected, TwinValue actual, String type) {

    public TwinReport {
        type = type == null ? "" : type;
    }

    /** A report of the value read from the device only. */
    public static TwinReport actual(String value, long timestamp) {
        return new TwinReport(null, new TwinValue(value, timestamp), "");
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (expected != null) {
            json.set("expected", expected.toJson());
        }
        if (actual != null) {
            json.set("actual", actual.toJson());
        }
        if (!type.isEmpty()) {
            json.putObject("metadata").put("type", type);
        }
        return json;
    }

    static TwinReport read(JsonNode json, String property) throws ProtocolException {
        if (json == null || !json.isObject()) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_JSON,
                    "twin \"" + property + "\" is not a JSON object");
        }
        TwinValue expected = TwinValue.read(DeviceReports.child(json, "expected"), "twin \"" + property + "\".expected");
        TwinValue actual = TwinValue.read(DeviceReports.child(json, "actual"), "twin \"" + property + "\".actual");
        if (expected == null && actual == null) {
            throw new ProtocolException(ProtocolException.Reason.MISSING_FIELD,
                    "twin \"" + property + "\" has neither \"expected\" nor \"actual\"");
        }
        JsonNode metadata = DeviceReports.child(json, "metadata");
        String type = metadata == null ? "" : DeviceReports.text(metadata, "type", DeviceReports.MAX_NAME_CHARS);
        return new TwinReport(expected, actual, type);
    }
}
