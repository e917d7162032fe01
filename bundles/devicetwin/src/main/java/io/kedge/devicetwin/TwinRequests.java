package io.kedge.devicetwin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what devices and mappers publish, as Go's {@code encoding/json} reads it into KubeEdge's
 * structs: field names match case-insensitively, unknown fields are ignored, JSON null leaves a field
 * unset, and a value of the wrong JSON type anywhere makes the whole payload fail.
 */
final class TwinRequests {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A twin/update: the twins by name in payload order; a null patch asks to delete the twin. */
    record TwinUpdate(String eventId, Map<String, TwinPatch> twins) {
    }

    /**
     * One twin of a twin/update.
     *
     * @param expected    the desired value, null when the payload sets none (or gives no value)
     * @param actual      the reported value, null likewise
     * @param optional    null when absent
     * @param type        {@code metadata.type}; null when the payload has no metadata
     */
    record TwinPatch(String expected, String actual, Boolean optional, String type) {
    }

    /** A state/update. */
    record StateUpdate(String eventId, String state) {
    }

    private TwinRequests() {
    }

    /** @throws BadRequest with KubeEdge's reason (unmarshal, missing twin, bad key, bad value) */
    static TwinUpdate twinUpdate(byte[] payload) throws BadRequest {
        try {
            JsonNode root = parse(payload);
            String eventId = string(root, "event_id");
            integer(root, "timestamp");
            JsonNode twin = field(root, "twin");
            if (twin != null && !twin.isNull() && !twin.isObject()) {
                throw new BadRequest(TwinRules.ERROR_UNMARSHAL);
            }
            Map<String, TwinPatch> twins = new LinkedHashMap<>();
            if (twin != null && twin.isObject()) {
                for (Map.Entry<String, JsonNode> entry : twin.properties()) {
                    twins.put(entry.getKey(), patch(entry.getValue()));
                }
            }
            if (twin == null || twin.isNull()) {
                throw new BadRequest(TwinRules.ERROR_UPDATE);
            }
            for (Map.Entry<String, TwinPatch> entry : twins.entrySet()) {
                if (!TwinRules.validKey(entry.getKey())) {
                    throw new BadRequest(TwinRules.ERROR_KEY);
                }
                TwinPatch patch = entry.getValue();
                if (patch != null && (!valid(patch.expected()) || !valid(patch.actual()))) {
                    throw new BadRequest(TwinRules.ERROR_VALUE);
                }
            }
            return new TwinUpdate(eventId == null ? "" : eventId, twins);
        } catch (Malformed e) {
            throw new BadRequest(TwinRules.ERROR_UNMARSHAL);
        }
    }

    /**
     * A twin/update that reports values read from a device (as a mapper's MQTT update would), checked
     * by the same key and value rules.
     *
     * @throws BadRequest with KubeEdge's reason for a bad key or value
     */
    static TwinUpdate reported(String eventId, Map<String, String> reported) throws BadRequest {
        Map<String, TwinPatch> twins = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : reported.entrySet()) {
            if (!TwinRules.validKey(entry.getKey())) {
                throw new BadRequest(TwinRules.ERROR_KEY);
            }
            if (entry.getValue() == null || !TwinRules.validValue(entry.getValue())) {
                throw new BadRequest(TwinRules.ERROR_VALUE);
            }
            twins.put(entry.getKey(), new TwinPatch(null, entry.getValue(), null, null));
        }
        if (twins.isEmpty()) {
            throw new BadRequest(TwinRules.ERROR_UPDATE);
        }
        return new TwinUpdate(eventId, twins);
    }

    /**
     * The event id of a twin/get or membership/get.
     *
     * @throws BadRequest naming the parser's complaint
     */
    static String eventId(byte[] payload) throws BadRequest {
        try {
            JsonNode root = parse(payload);
            integer(root, "timestamp");
            String eventId = string(root, "event_id");
            return eventId == null ? "" : eventId;
        } catch (Malformed e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** @throws BadRequest naming the parser's complaint */
    static StateUpdate stateUpdate(byte[] payload) throws BadRequest {
        try {
            JsonNode root = parse(payload);
            integer(root, "timestamp");
            JsonNode attributes = field(root, "attributes");
            if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
                throw new Malformed("attributes is not an object");
            }
            String eventId = string(root, "event_id");
            String state = string(root, "state");
            return new StateUpdate(eventId == null ? "" : eventId, state == null ? "" : state);
        } catch (Malformed e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static boolean valid(String value) {
        return value == null || TwinRules.validValue(value);
    }

    private static TwinPatch patch(JsonNode node) throws Malformed {
        if (node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new Malformed("a twin is not an object");
        }
        String expected = value(field(node, "expected"));
        String actual = value(field(node, "actual"));
        JsonNode optional = field(node, "optional");
        Boolean optionalValue = null;
        if (optional != null && !optional.isNull()) {
            if (!optional.isBoolean()) {
                throw new Malformed("optional is not a boolean");
            }
            optionalValue = optional.booleanValue();
        }
        version(field(node, "expected_version"));
        version(field(node, "actual_version"));
        JsonNode metadata = field(node, "metadata");
        String type = null;
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw new Malformed("metadata is not an object");
            }
            String declared = string(metadata, "type");
            type = declared == null ? "" : declared;
        }
        return new TwinPatch(expected, actual, optionalValue, type);
    }

    private static String value(JsonNode node) throws Malformed {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new Malformed("a twin value is not an object");
        }
        JsonNode metadata = field(node, "metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw new Malformed("value metadata is not an object");
            }
            integer(metadata, "timestamp");
        }
        return string(node, "value");
    }

    private static void version(JsonNode node) throws Malformed {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new Malformed("a version is not an object");
        }
        integer(node, "cloud");
        integer(node, "edge");
    }

    private static JsonNode parse(byte[] payload) throws Malformed {
        try {
            JsonNode root = JSON.readTree(payload);
            if (root == null || root.isMissingNode()) {
                throw new Malformed("unexpected end of JSON input");
            }
            if (!root.isObject() && !root.isNull()) {
                throw new Malformed("cannot unmarshal " + root.getNodeType().name().toLowerCase() + " into an object");
            }
            return root;
        } catch (JacksonException e) {
            throw new Malformed(e.getOriginalMessage());
        } catch (IOException e) {
            throw new Malformed(String.valueOf(e.getMessage()));
        }
    }

    /** The field, matched as Go matches: exactly, else the last key equal ignoring case; null if none. */
    private static JsonNode field(JsonNode object, String name) {
        if (!object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        JsonNode found = null;
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                found = entry.getValue();
            }
        }
        return found;
    }

    private static String string(JsonNode object, String name) throws Malformed {
        JsonNode node = field(object, name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Malformed(name + " is not a string");
        }
        return node.textValue();
    }

    private static void integer(JsonNode object, String name) throws Malformed {
        JsonNode node = field(object, name);
        if (node != null && !node.isNull() && !(node.isIntegralNumber() && node.canConvertToLong())) {
            throw new Malformed(name + " is not a 64-bit integer");
        }
    }

    /** The payload is not JSON of the expected shape. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
