package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch, plus a "strategic" flavour that merges lists of objects by a key field
 * (name, type, ...) the way Kubernetes does for containers, conditions, addresses and friends.
 */
final class JsonMergePatch {

  /** Fields Kubernetes uses as patchMergeKey on the lists we care about. */
  private static final List<String> MERGE_KEYS = List.of("name", "type", "mountPath", "containerPort", "key");
  private static final String DIRECTIVE = "$patch";

  private final boolean strategic;

  private JsonMergePatch(boolean strategic) {
    this.strategic = strategic;
  }

  static JsonNode apply(JsonNode target, JsonNode patch, boolean strategic) {
    return new JsonMergePatch(strategic).merge(target, patch);
  }

  private JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    if (strategic && "replace".equals(patch.path(DIRECTIVE).asText())) {
      return withoutDirectives(patch);
    }
    ObjectNode result = target != null && target.isObject()
        ? (ObjectNode) target.deepCopy() : JsonResponses.MAPPER.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (strategic && name.startsWith("$")) {
        continue; // $setElementOrder, $retainKeys, ...: ordering/pruning hints we can live without
      }
      if (value.isNull()) {
        result.remove(name);
      } else if (strategic && value.isArray() && result.path(name).isArray()) {
        result.set(name, mergeList((ArrayNode) result.get(name), (ArrayNode) value));
      } else {
        result.set(name, merge(result.get(name), value));
      }
    }
    return result;
  }

  private JsonNode mergeList(ArrayNode current, ArrayNode patch) {
    String key = mergeKey(current, patch);
    if (key == null) {
      return withoutDirectives(patch);
    }
    ArrayNode result = current.deepCopy();
    for (JsonNode item : patch) {
      int index = indexOf(result, key, item.get(key));
      boolean delete = "delete".equals(item.path(DIRECTIVE).asText());
      if (delete && index >= 0) {
        result.remove(index);
      } else if (!delete && index >= 0) {
        result.set(index, merge(result.get(index), item));
      } else if (!delete) {
        result.add(withoutDirectives(item));
      }
    }
    return result;
  }

  /** The first merge key every object in both lists carries; null means "replace the list". */
  private static String mergeKey(ArrayNode current, ArrayNode patch) {
    for (String key : MERGE_KEYS) {
      if (allObjectsWith(current, key) && allObjectsWith(patch, key) && patch.size() > 0) {
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

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).get(key).equals(value)) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode withoutDirectives(JsonNode node) {
    JsonNode copy = node.deepCopy();
    if (copy.isObject()) {
      ((ObjectNode) copy).remove(DIRECTIVE);
    }
    return copy;
  }
}
