package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** NAME READY STATUS RESTARTS AGE, as `kubectl get pods` prints them. */
final class PodColumns implements TableColumns {

  @Override
  public List<Column> columns() {
    return List.of(
        TableColumns.name(),
        new Column("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic."),
        new Column("Status", "string", "", "The aggregate status of the containers in this pod."),
        new Column("Restarts", "integer", "", "The number of times the containers in this pod have been restarted."),
        TableColumns.age());
  }

  @Override
  public List<Object> cells(JsonNode pod, Instant now) {
    JsonNode statuses = pod.path("status").path("containerStatuses");
    int ready = 0;
    int restarts = 0;
    for (JsonNode container : statuses) {
      ready += container.path("ready").asBoolean(false) ? 1 : 0;
      restarts += container.path("restartCount").asInt(0);
    }
    int total = pod.path("spec").path("containers").size();
    return List.of(
        pod.path("metadata").path("name").asText(),
        ready + "/" + total,
        status(pod, statuses),
        restarts,
        TableColumns.age(pod, now));
  }

  /** Roughly kubectl's rule: deletion wins, then a container's waiting/terminated reason, then the phase. */
  private static String status(JsonNode pod, JsonNode containerStatuses) {
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      return "Terminating";
    }
    String status = pod.path("status").path("reason").asText(pod.path("status").path("phase").asText("Pending"));
    for (JsonNode container : containerStatuses) {
      JsonNode state = container.path("state");
      String reason = state.path("waiting").path("reason").asText(state.path("terminated").path("reason").asText(""));
      if (!reason.isEmpty()) {
        status = reason;
      }
    }
    return status;
  }
}
