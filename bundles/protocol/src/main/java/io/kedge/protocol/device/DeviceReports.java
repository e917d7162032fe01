package io.kedge.protocol.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ProtocolException.Reason;

/**
 * Limits and field readers shared by the device reports. A report comes from a node: every field is
 * checked for its JSON type and bounded in size before anyone believes it.
 */
public final class DeviceReports {
    /** Properties one twin report may carry. */
    public static final int MAX_PROPERTIES = 512;
    /** Characters of a property name or a state. */
    public static final int MAX_NAME_CHARS = 256;
    /** Characters of one value (a Kubernetes object must fit 1.5 MiB with all its values). */
    public static final int MAX_VALUE_CHARS = 256 * 1024;

    private DeviceReports() {
    }

    /** The content as an object: KubeEdge's senders write it as JSON or as JSON in a string. */
    static JsonNode object(JsonNode content, String what) throws ProtocolException {
        return MessageCodec.contentObject(content, what);
    }

    /** An optional text field; empty when absent or null. */
    static String text(JsonNode parent, String field, int maxChars) throws ProtocolException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new ProtocolException(Reason.MALFORMED_JSON, "\"" + field + "\" is not a string");
        }
        String text = node.asText();
        if (text.length() > maxChars) {
            throw new ProtocolException(Reason.OVERSIZE, "\"" + field + "\" has " + text.length()
                    + " characters, more than " + maxChars);
        }
        return text;
    }

    /** An optional whole number (milliseconds); 0 when absent or null. */
    static long millis(JsonNode parent, String field) throws ProtocolException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new ProtocolException(Reason.MALFORMED_JSON, "\"" + field + "\" is not a non-negative whole number");
        }
        return node.asLong();
    }

    /** An optional object field; null when absent or null. */
    static JsonNode child(JsonNode parent, String field) throws ProtocolException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ProtocolException(Reason.MALFORMED_JSON, "\"" + field + "\" is not a JSON object");
        }
        return node;
    }

    /** A name a node chose (property, state): not blank, bounded, no control characters (it goes into logs). */
    static String name(String name, String what) throws ProtocolException {
        if (name.isBlank() || name.length() > MAX_NAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
            throw new ProtocolException(Reason.MALFORMED_JSON, what + " must be 1 to " + MAX_NAME_CHARS
                    + " characters without control characters");
        }
        return name;
    }
}
