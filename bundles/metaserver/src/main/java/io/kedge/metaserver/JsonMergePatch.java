package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON merge patch: objects merge member by member, null removes a member, anything else
 * (arrays included) replaces. Strategic merge patches are applied the same way: for a pod's status
 * the difference is only in lists such as conditions, which a reporter sends whole anyway.
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    /** Applies {@code patch} to {@code target}, changing {@code target} when both are objects. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        });
        return result;
    }
}
