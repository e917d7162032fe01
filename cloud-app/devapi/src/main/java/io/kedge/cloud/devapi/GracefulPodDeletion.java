package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Deleting a pod as the API server does, where the CRUD mock deletes at once: a pod bound to a node
 * is only marked Terminating ({@code deletionTimestamp}, {@code deletionGracePeriodSeconds}) and stays
 * until a DELETE with grace period 0 (the node's, once its containers stopped). A uid precondition is
 * checked (409 when it names another pod). A pod bound to no node, or a DELETE with grace 0, goes at
 * once, through the CRUD store. Off unless the server is started with it: a node that runs no pods
 * would leave such pods Terminating for ever, as a real cluster does.
 */
final class GracefulPodDeletion {
  private static final Pattern POD = Pattern.compile("/api/v1/namespaces/[^/]+/pods/[^/]+");
  private static final long DEFAULT_GRACE = 30;

  private final CrudStore store;
  private final Clock clock;

  GracefulPodDeletion(CrudStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The answer to a DELETE of a pod at {@code bare} (path without query); null: the CRUD store deletes. */
  MockResponse handle(RecordedRequest request, String bare) {
    if (!"DELETE".equals(request.getMethod()) || !POD.matcher(bare).matches()) {
      return null;
    }
    JsonNode pod = store.get(bare);
    if (pod == null) {
      return null;
    }
    JsonNode options = options(request);
    String uid = options.path("preconditions").path("uid").asText("");
    if (!uid.isEmpty() && !uid.equals(pod.path("metadata").path("uid").asText())) {
      return JsonResponses.status(409, "Conflict", "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + pod.path("metadata").path("uid").asText());
    }
    long grace = grace(request, options, pod);
    if (grace <= 0 || pod.path("spec").path("nodeName").asText("").isEmpty()) {
      return null;
    }
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      return JsonResponses.ok(pod); // terminating already
    }
    ObjectNode marked = pod.deepCopy();
    ((ObjectNode) marked.get("metadata"))
        .put("deletionTimestamp", Instant.now(clock).plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("deletionGracePeriodSeconds", grace);
    return JsonResponses.ok(store.replace(bare, marked));
  }

  private static JsonNode options(RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getUtf8Body();
    if (body == null || body.isBlank()) {
      return JsonResponses.MAPPER.createObjectNode();
    }
    try {
      return JsonResponses.read(body);
    } catch (RuntimeException notJson) {
      return JsonResponses.MAPPER.createObjectNode();
    }
  }

  /** The request's gracePeriodSeconds (body, then query), else the pod's terminationGracePeriodSeconds, else 30. */
  private static long grace(RecordedRequest request, JsonNode options, JsonNode pod) {
    if (options.path("gracePeriodSeconds").canConvertToLong()) {
      return options.path("gracePeriodSeconds").asLong();
    }
    String query = RequestPath.query(request.getPath()).get("gracePeriodSeconds");
    if (query != null) {
      try {
        return Long.parseLong(query);
      } catch (NumberFormatException ignored) {
        // as if absent
      }
    }
    JsonNode termination = pod.path("spec").path("terminationGracePeriodSeconds");
    return termination.canConvertToLong() ? termination.asLong() : DEFAULT_GRACE;
  }
}
