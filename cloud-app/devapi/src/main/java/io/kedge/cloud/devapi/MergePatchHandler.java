package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kedge.protocol.kube.MergePatch;

/**
 * Serves merge-patch and strategic-merge-patch requests, which the CRUD mock either rejects (strategic)
 * or merges without RFC 7386 semantics: read the current object, merge here with protocol's
 * {@link MergePatch} (the one the edge's MetaServer applies), store the result with PUT.
 *
 * <p>Sent by: any client of the stand-in API (kubectl, the cloud-app). Touches: the one object the path
 * names (its status for a /status path). A malformed patch is a 400 and changes nothing.
 */
final class MergePatchHandler {

  private final CrudStore store;

  MergePatchHandler(CrudStore store) {
    this.store = store;
  }

  static boolean handles(RecordedRequest request) {
    return "PATCH".equals(request.getMethod()) && MergePatch.isMergePatch(contentType(request));
  }

  MockResponse patch(RecordedRequest request) {
    String path = RequestPath.withoutQuery(request.getPath());
    String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - "/status".length()) : path;
    JsonNode current = store.get(objectPath);
    if (current == null) {
      return JsonResponses.status(404, "NotFound", "not found: " + objectPath);
    }
    JsonNode patch;
    try {
      patch = JsonResponses.read(request.getBody().readUtf8());
    } catch (RuntimeException e) {
      return JsonResponses.status(400, "BadRequest", "invalid patch body: " + e.getMessage());
    }
    String type = contentType(request);
    JsonNode merged;
    try {
      merged = MergePatch.apply(type, current, patch);
    } catch (IllegalArgumentException e) {
      return JsonResponses.status(400, "BadRequest", "invalid patch: " + e.getMessage());
    }
    MockResponse stored = store.put(path, JsonResponses.write(merged));
    // GET and PUT are not atomic: a concurrent writer gives 409; retry once on fresh state like the real
    // server does, unless the client pinned a resourceVersion itself (then the conflict is genuine).
    if (stored.code() == 409 && !patch.path("metadata").has("resourceVersion")) {
      JsonNode fresh = store.get(objectPath);
      if (fresh != null) {
        stored = store.put(path, JsonResponses.write(MergePatch.apply(type, fresh, patch)));
      }
    }
    if (stored.getHeaders().header(JsonResponses.CONTENT_TYPE) == null) {
      stored.setHeader(JsonResponses.CONTENT_TYPE, JsonResponses.APPLICATION_JSON);
    }
    return stored;
  }

  private static String contentType(RecordedRequest request) {
    String type = request.getHeader(JsonResponses.CONTENT_TYPE);
    return type == null ? "" : type;
  }
}
