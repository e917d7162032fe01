package io.kedge.protocol.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * Merge patches as a Kubernetes API server applies them: RFC 7386 JSON merge patch, and strategic
 * merge patch ({@link StrategicMergePatch}). Neither changes its arguments.
 */
public final class MergePatch {
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

    private MergePatch() {
    }

    /** Whether {@code contentType} names one of the two merge patches (parameters allowed). */
    public static boolean isMergePatch(String contentType) {
        return isPlain(contentType) || isStrategic(contentType);
    }

    /**
     * Applies {@code patch} to {@code target} the way {@code contentType} asks.
     *
     * @throws IllegalArgumentException if the content type is neither merge patch, or a strategic patch
     *         is malformed (see {@link StrategicMergePatch#apply})
     */
    public static JsonNode apply(String contentType, JsonNode target, JsonNode patch) {
        if (isStrategic(contentType)) {
            return StrategicMergePatch.apply(target, patch);
        }
        if (isPlain(contentType)) {
            return merge(target, patch);
        }
        throw new IllegalArgumentException("not a merge patch content type: " + contentType);
    }

    /**
     * RFC 7386: objects merge member by member, null removes a member, anything else (arrays
     * included) replaces.
     */
    public static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static boolean isPlain(String contentType) {
        return lower(contentType).startsWith(MERGE_PATCH);
    }

    private static boolean isStrategic(String contentType) {
        return lower(contentType).startsWith(STRATEGIC_MERGE_PATCH);
    }

    private static String lower(String contentType) {
        return contentType == null ? "" : contentType.trim().toLowerCase(Locale.ROOT);
    }
}
