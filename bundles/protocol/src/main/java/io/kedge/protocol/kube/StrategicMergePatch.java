package io.kedge.protocol.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch, as far as the lists the cloud and the edge exchange need it.
 *
 * <p>Objects merge as in RFC 7386. A list of objects merges element by element on its merge key:
 * the key Kubernetes declares for that field ({@link #MERGE_KEYS}: pod status conditions by
 * {@code type}, container statuses by {@code name}, pod IPs by {@code ip}, ...), and for any other
 * field the first of {@link #GUESSED_KEYS} that every element of both lists carries; other lists are
 * replaced. Directives: {@code $patch} ({@code merge}, {@code replace}, {@code delete}, on objects and
 * list elements), {@code $retainKeys}, {@code $deleteFromPrimitiveList/<field>} and
 * {@code $setElementOrder/<field>} (accepted; order is kept as merged). Any other {@code $} key is
 * refused.
 */
public final class StrategicMergePatch {
    /** patchMergeKey of the list fields Kubernetes declares (by field name; the same name has one key). */
    public static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("conditions", "type"),
            Map.entry("containerStatuses", "name"),
            Map.entry("initContainerStatuses", "name"),
            Map.entry("ephemeralContainerStatuses", "name"),
            Map.entry("podIPs", "ip"),
            Map.entry("hostIPs", "ip"),
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("env", "name"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("taints", "key"),
            Map.entry("addresses", "type"));
    /** Tried in this order for lists not in {@link #MERGE_KEYS} (service and container ports, ...). */
    public static final List<String> GUESSED_KEYS = List.of("name", "type", "mountPath", "containerPort", "key",
            "ip");

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {
    }

    /**
     * Applies {@code patch} to {@code target}; a {@code $patch: delete} of the whole object gives an
     * empty object.
     *
     * @throws IllegalArgumentException if a directive is unknown or malformed, or an element of a keyed
     *         list lacks its merge key
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        JsonNode result = merge(target, patch);
        return result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    /** The merged value, or null when the patch deletes it. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        String directive = patch.path(PATCH).asText("merge");
        switch (directive) {
            case "delete":
                return null;
            case "replace":
                return merge(null, withoutPatchDirective(patch));
            case "merge":
                break;
            default:
                throw new IllegalArgumentException("unknown $patch directive: " + directive);
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Set<String> retain = null;
        Map<String, JsonNode> deleteFromLists = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals(PATCH)) {
                continue;
            } else if (name.equals(RETAIN_KEYS)) {
                retain = retainedKeys(value);
            } else if (name.startsWith(SET_ORDER)) {
                requireArray(name, value);
            } else if (name.startsWith(DELETE_FROM)) {
                deleteFromLists.put(name.substring(DELETE_FROM.length()), requireArray(name, value));
            } else if (name.startsWith("$")) {
                throw new IllegalArgumentException("unsupported strategic merge directive: " + name);
            } else if (value.isNull()) {
                result.remove(name);
            } else if (value.isArray()) {
                result.set(name, mergeList(name, result.get(name), (ArrayNode) value));
            } else {
                JsonNode merged = merge(result.get(name), value);
                if (merged == null) {
                    result.remove(name);
                } else {
                    result.set(name, merged);
                }
            }
        }
        deleteFromLists.forEach((name, values) -> deleteValues(result, name, values));
        if (retain != null) {
            result.retain(retain);
        }
        return result;
    }

    private static JsonNode mergeList(String field, JsonNode current, ArrayNode patch) {
        String key = MERGE_KEYS.get(field);
        if (key == null && current != null && current.isArray()) {
            key = guessedKey((ArrayNode) current, patch);
        }
        if (key == null) {
            return patch.deepCopy();
        }
        List<JsonNode> items = new ArrayList<>();
        if (current != null && current.isArray() && !replacesList(patch)) {
            current.forEach(items::add);
        }
        for (JsonNode item : patch) {
            if (isReplaceMarker(item)) {
                continue;
            }
            JsonNode id = item.isObject() ? item.get(key) : null;
            if (id == null) {
                throw new IllegalArgumentException("an element of " + field + " lacks its merge key " + key);
            }
            int index = indexOf(items, key, id);
            JsonNode merged = merge(index >= 0 ? items.get(index) : null, item);
            if (merged == null && index >= 0) {
                items.remove(index);
            } else if (merged != null && index >= 0) {
                items.set(index, merged);
            } else if (merged != null) {
                items.add(merged);
            }
        }
        return JsonNodeFactory.instance.arrayNode().addAll(items);
    }

    /** A list element {@code {"$patch": "replace"}} replaces the whole list with the other elements. */
    private static boolean replacesList(ArrayNode patch) {
        for (JsonNode item : patch) {
            if (isReplaceMarker(item)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReplaceMarker(JsonNode item) {
        return item.isObject() && item.size() == 1 && "replace".equals(item.path(PATCH).asText());
    }

    /** The first guessed key every element of both lists carries; null means "replace the list". */
    private static String guessedKey(ArrayNode current, ArrayNode patch) {
        if (patch.isEmpty()) {
            return null;
        }
        for (String key : GUESSED_KEYS) {
            if (allObjectsWith(current, key) && allObjectsWith(patch, key)) {
                return key;
            }
        }
        return null;
    }

    private static boolean allObjectsWith(ArrayNode list, String key) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has(key)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(List<JsonNode> items, String key, JsonNode id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static Set<String> retainedKeys(JsonNode value) {
        Set<String> keys = new HashSet<>();
        for (JsonNode key : requireArray(RETAIN_KEYS, value)) {
            if (!key.isTextual()) {
                throw new IllegalArgumentException(RETAIN_KEYS + " must list field names");
            }
            keys.add(key.asText());
        }
        return keys;
    }

    private static void deleteValues(ObjectNode result, String field, JsonNode values) {
        JsonNode list = result.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        list.forEach(item -> {
            if (!contains(values, item)) {
                kept.add(item);
            }
        });
        result.set(field, kept);
    }

    private static boolean contains(JsonNode values, JsonNode item) {
        for (JsonNode value : values) {
            if (value.equals(item)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode requireArray(String directive, JsonNode value) {
        if (!value.isArray()) {
            throw new IllegalArgumentException(directive + " must be a list");
        }
        return value;
    }

    private static ObjectNode withoutPatchDirective(JsonNode patch) {
        ObjectNode copy = ((ObjectNode) patch).deepCopy();
        copy.remove(PATCH);
        return copy;
    }
}
