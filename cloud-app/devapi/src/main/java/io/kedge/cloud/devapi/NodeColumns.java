package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** NAME STATUS ROLES AGE VERSION, as `kubectl get nodes` prints them. */
final class NodeColumns implements TableColumns {

  private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";

  @Override
  public List<Column> columns() {
    return List.of(
        TableColumns.name(),
        new Column("Status", "string", "", "The status of the node"),
        new Column("Roles", "string", "", "The roles of the node"),
        TableColumns.age(),
        new Column("Version", "string", "", "Kubelet Version reported by the node."));
  }

  @Override
  public List<Object> cells(JsonNode node, Instant now) {
    return List.of(
        node.path("metadata").path("name").asText(),
        status(node),
        roles(node.path("metadata").path("labels")),
        TableColumns.age(node, now),
        node.path("status").path("nodeInfo").path("kubeletVersion").asText(""));
  }

  static String status(JsonNode node) {
    String status = "Unknown";
    for (JsonNode condition : node.path("status").path("conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        String value = condition.path("status").asText();
        status = "True".equals(value) ? "Ready" : "False".equals(value) ? "NotReady" : "Unknown";
      }
    }
    return node.path("spec").path("unschedulable").asBoolean(false) ? status + ",SchedulingDisabled" : status;
  }

  private static String roles(JsonNode labels) {
    List<String> roles = new ArrayList<>();
    for (Iterator<String> it = labels.fieldNames(); it.hasNext();) {
      String label = it.next();
      if (label.startsWith(ROLE_LABEL_PREFIX) && label.length() > ROLE_LABEL_PREFIX.length()) {
        roles.add(label.substring(ROLE_LABEL_PREFIX.length()));
      }
    }
    roles.sort(String::compareTo);
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }
}
