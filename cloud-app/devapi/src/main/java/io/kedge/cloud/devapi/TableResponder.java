package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Answers "Accept: ...;as=Table" reads of nodes and pods with a meta.k8s.io/v1 Table so `kubectl get`
 * shows the usual columns. Other kinds get their plain JSON (kubectl then prints NAME/AGE itself).
 */
final class TableResponder {

  private static final Map<String, TableColumns> COLUMNS = Map.of("nodes", new NodeColumns(), "pods", new PodColumns());

  static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return "GET".equals(request.getMethod()) && accept != null && accept.contains("as=Table")
        && !"true".equals(RequestPath.query(request.getPath()).get("watch"));
  }

  /** The printable resource ("nodes"/"pods") addressed by a core /api/v1 path, or null. */
  static String tableResource(String path) {
    String[] parts = RequestPath.withoutQuery(path).substring(1).split("/");
    if (parts.length < 3 || !parts[0].equals("api") || !parts[1].equals("v1")) {
      return null;
    }
    int resourceIndex = parts[2].equals("namespaces") && parts.length >= 5 ? 4 : 2;
    boolean plainItemOrList = parts.length == resourceIndex + 1 || parts.length == resourceIndex + 2;
    return plainItemOrList && COLUMNS.containsKey(parts[resourceIndex]) ? parts[resourceIndex] : null;
  }

  /** Renders a stored list or single object as a Table. */
  static ObjectNode render(String resource, JsonNode listOrItem, String includeObject) {
    TableColumns columns = COLUMNS.get(resource);
    Instant now = Instant.now();
    ObjectNode table = JsonResponses.MAPPER.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (listOrItem.has("items")) {
      metadata.put("resourceVersion", listOrItem.path("metadata").path("resourceVersion").asText(""));
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    columns.columns().forEach(c -> definitions.addObject()
        .put("name", c.name()).put("type", c.type()).put("format", c.format())
        .put("description", c.description()).put("priority", 0));
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = listOrItem.has("items") ? toList(listOrItem.get("items")) : List.of(listOrItem);
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      columns.cells(object, now).forEach(cell -> cells.add(JsonResponses.MAPPER.valueToTree(cell)));
      JsonNode rowObject = rowObject(object, includeObject);
      if (rowObject != null) {
        row.set("object", rowObject);
      }
    }
    return table;
  }

  /** kubectl defaults to Metadata (PartialObjectMetadata); "Object" embeds the full object, "None" nothing. */
  private static JsonNode rowObject(JsonNode object, String includeObject) {
    if ("None".equals(includeObject)) {
      return null;
    }
    if ("Object".equals(includeObject)) {
      return object;
    }
    ObjectNode partial = JsonResponses.MAPPER.createObjectNode()
        .put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata"));
    return partial;
  }

  private static List<JsonNode> toList(JsonNode items) {
    List<JsonNode> list = new ArrayList<>();
    items.forEach(list::add);
    return list;
  }
}
