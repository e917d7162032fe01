package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Serves merge-patch and strategic-merge-patch requests, which the CRUD mock either rejects (strategic)
 * or merges without RFC 7386 semantics: read the current object, merge here, store the result with PUT.
 */
final class MergePatchHandler {

  private static final String MERGE = "application/merge-patch+json";
  private static final String STRATEGIC = "application/strategic-merge-patch+json";

  private final CrudStore store;

  MergePatchHandler(CrudStore store) {
    this.store = store;
  }

  static boolean handles(RecordedRequest request) {
    String type = contentType(request);
    return "PATCH".equals(request.getMethod()) && (type.startsWith(MERGE) || type.startsWith(STRATEGIC));
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
    boolean strategic = contentType(request).startsWith(STRATEGIC);
    MockResponse stored = store.put(path, JsonResponses.write(JsonMergePatch.apply(current, patch, strategic)));
    // GET and PUT are not atomic: a concurrent writer gives 409; retry once on fresh state like the real
    // server does, unless the client pinned a resourceVersion itself (then the conflict is genuine).
    if (stored.code() == 409 && !patch.path("metadata").has("resourceVersion")) {
      JsonNode fresh = store.get(objectPath);
      if (fresh != null) {
        stored = store.put(path, JsonResponses.write(JsonMergePatch.apply(fresh, patch, strategic)));
      }
    }
    if (stored.getHeaders().header(JsonResponses.CONTENT_TYPE) == null) {
      stored.setHeader(JsonResponses.CONTENT_TYPE, JsonResponses.APPLICATION_JSON);
    }
    return stored;
  }

  private static String contentType(RecordedRequest request) {
    String type = request.getHeader(JsonResponses.CONTENT_TYPE);
    return type == null ? "" : type.toLowerCase();
  }
}
