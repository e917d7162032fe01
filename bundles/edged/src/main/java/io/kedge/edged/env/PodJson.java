package io.kedge.edged.env;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.pod.PodSpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of a pod's JSON that fail with {@link PodSpecException#INVALID_SPEC} instead of a
 * surprise: the pod comes from the cloud, but a wrong shape must give the pod a reason, never an
 * exception Edged does not expect.
 */
public final class PodJson {

    private PodJson() {
    }

    /** The text at {@code field}, or {@code fallback} when absent or null; another type is invalid. */
    public static String text(JsonNode node, String field, String fallback) throws PodSpecException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return value.textValue();
    }

    /** The non-empty text at {@code field}. */
    public static String required(JsonNode node, String field, String what) throws PodSpecException {
        String value = text(node, field, "");
        if (value.isEmpty()) {
            throw invalid(what + ": " + field + " is required");
        }
        return value;
    }

    public static boolean bool(JsonNode node, String field) throws PodSpecException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** The integer at {@code field}, if present. */
    public static Optional<Long> integer(JsonNode node, String field) throws PodSpecException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field + " must be an integer");
        }
        return Optional.of(value.longValue());
    }

    /** The objects of the array at {@code field}; absent or null is empty. */
    public static List<JsonNode> objects(JsonNode node, String field) throws PodSpecException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(field + " must be a list");
        }
        List<JsonNode> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw invalid(field + " must hold objects");
            }
            items.add(item);
        }
        return items;
    }

    /** The strings of the array at {@code field}; absent or null is empty. */
    public static List<String> strings(JsonNode node, String field) throws PodSpecException {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(field + " must be a list of strings");
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid(field + " must hold strings");
            }
            items.add(item.textValue());
        }
        return items;
    }

    /** The object at {@code field}, or a missing node; another type is invalid. */
    public static JsonNode object(JsonNode node, String field) throws PodSpecException {
        JsonNode value = node.path(field);
        if (value.isNull()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (!value.isMissingNode() && !value.isObject()) {
            throw invalid(field + " must be an object");
        }
        return value;
    }

    public static PodSpecException invalid(String message) {
        return new PodSpecException(PodSpecException.INVALID_SPEC, message);
    }

    public static PodSpecException configError(String message) {
        return new PodSpecException(PodSpecException.CONFIG_ERROR, message);
    }
}
