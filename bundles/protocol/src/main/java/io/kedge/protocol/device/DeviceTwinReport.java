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
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A node's report of twin values of one device: {@code update {namespace}/devicetwin/{device}} whose
 * content is KubeEdge's {@code DeviceTwinUpdate} (what its DeviceTwin sends as
 * {@code device/{id}/twin/edge_updated}):
 * {@code {"event_id":"...","timestamp":1700000000000,"twin":{"temperature":{"actual":{"value":"21.5",
 * "metadata":{"timestamp":1700000000000}},"metadata":{"type":"float"}}}}}.
 *
 * <p>Coalescing: only the latest value of a property matters, so a node puts one property per report
 * under {@link #outboxKey(String, String, String)}; a newer value of the same property replaces the
 * waiting one. The cloud answers a report once it is written to the Device's {@code status.twins}.
 *
 * @param eventId   the node's id of the event (KubeEdge's {@code event_id}), may be empty
 * @param timestamp when the node made the report, ms since the epoch
 * @param twins     property name → what is reported of it; at least one, in the node's order
 */
public record DeviceTwinReport(String eventId, long timestamp, Map<String, TwinReport> twins) {

    public DeviceTwinReport {
        eventId = eventId == null ? "" : eventId;
        twins = Collections.unmodifiableMap(new LinkedHashMap<>(twins));
        if (twins.isEmpty()) {
            throw new IllegalArgumentException("a twin report names at least one property");
        }
    }

    /** A report of one property, as a node coalescing per property sends it. */
    public static DeviceTwinReport of(String property, TwinReport twin, long timestamp) {
        return new DeviceTwinReport("", timestamp, Map.of(property, twin));
    }

    /** The resource a report about {@code device} travels under: {@code {namespace}/devicetwin/{device}}. */
    public static String resource(String namespace, String device) {
        return ResourcePath.of(namespace, ResourceTypes.DEVICE_TWIN, device).toString();
    }

    /** The coalescing key of one property's reports: {@code devicetwin/{namespace}/{device}/{property}}. */
    public static String outboxKey(String namespace, String device, String property) {
        return ResourceTypes.DEVICE_TWIN + "/" + namespace + "/" + device + "/" + property;
    }

    /** This report's coalescing key: its properties in sorted order (one for a per-property report). */
    public String outboxKey(String namespace, String device) {
        return outboxKey(namespace, device, String.join(",", new TreeSet<>(twins.keySet())));
    }

    /** The message that carries this report about {@code device} to the cloud. */
    public Message message(String source, String namespace, String device) {
        return Message.create(source, Groups.TWIN, resource(namespace, device), Operations.UPDATE, toJson());
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("event_id", eventId).put("timestamp", timestamp);
        ObjectNode twin = json.putObject("twin");
        twins.forEach((name, report) -> twin.set(name, report.toJson()));
        return json;
    }

    /**
     * Reads a report's content (an object, or the same as JSON text).
     *
     * @throws ProtocolException MALFORMED_JSON for a field of the wrong type or a bad property name,
     *                           MISSING_FIELD without twins, OVERSIZE beyond the {@link DeviceReports} limits
     */
    public static DeviceTwinReport parse(JsonNode content) throws ProtocolException {
        JsonNode json = DeviceReports.object(content, "twin report");
        JsonNode twin = DeviceReports.child(json, "twin");
        if (twin == null || twin.isEmpty()) {
            throw new ProtocolException(Reason.MISSING_FIELD, "twin report has no \"twin\" properties");
        }
        if (twin.size() > DeviceReports.MAX_PROPERTIES) {
            throw new ProtocolException(Reason.OVERSIZE, "twin report names " + twin.size()
                    + " properties, more than " + DeviceReports.MAX_PROPERTIES);
        }
        Map<String, TwinReport> twins = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = twin.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String property = DeviceReports.name(entry.getKey(), "a property name");
            twins.put(property, TwinReport.read(entry.getValue(), property));
        }
        return new DeviceTwinReport(DeviceReports.text(json, "event_id", DeviceReports.MAX_NAME_CHARS),
                DeviceReports.millis(json, "timestamp"), twins);
    }
}
