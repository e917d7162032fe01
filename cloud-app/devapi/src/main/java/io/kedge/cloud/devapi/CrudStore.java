package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Direct, in-process access to fabric8's CRUD store. Our request fixes (merge patch, tables, field selectors,
 * snapshots) read and write through here instead of going back over HTTP.
 */
final class CrudStore {

  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();

  KubernetesCrudDispatcher dispatcher() {
    return crud;
  }

  /** The stored object at an item path, or null. */
  JsonNode get(String itemPath) {
    MockResponse response = crud.handleGet(itemPath);
    return response.code() == 200 ? JsonResponses.read(response.getBody().readUtf8()) : null;
  }

  /** The list response body (a *List object with items) for a collection path, query included. */
  JsonNode list(String collectionPath) {
    return JsonResponses.read(crud.handleGet(collectionPath).getBody().readUtf8());
  }

  MockResponse put(String itemPath, String body) {
    return crud.handleUpdate(request(HttpMethod.PUT, itemPath, body));
  }

  MockResponse post(String collectionPath, String body) {
    return crud.handleCreate(request(HttpMethod.POST, collectionPath, body));
  }

  /**
   * Writes {@code object} at an existing item path with a new resourceVersion, as the store's own
   * update path does (watchers see MODIFIED), but without the mock's own rules (it deletes an object
   * that carries a deletionTimestamp). Returns what was stored.
   */
  JsonNode replace(String itemPath, ObjectNode object) {
    ((ObjectNode) object.get("metadata")).put("resourceVersion", Long.toString(crud.requestResourceVersion()));
    AttributeSet stored = crud.getMap().keySet().stream().filter(key -> itemPath.equals(itemPath(key))).findFirst()
        .orElseThrow(() -> new IllegalStateException("nothing stored at " + itemPath));
    // path attributes, then the stored key to replace: watchers get it as a modification
    crud.processEvent(itemPath, crud.getKey(itemPath), stored, null, JsonResponses.write(object));
    return object;
  }

  /** Every stored object with the item path it lives at; used for snapshots. */
  List<StoredObject> entries() {
    List<StoredObject> result = new ArrayList<>();
    for (Map.Entry<AttributeSet, String> e : new ArrayList<>(crud.getMap().entrySet())) {
      result.add(new StoredObject(itemPath(e.getKey()), e.getValue()));
    }
    return result;
  }

  /**
   * Puts an object back exactly as it was saved (uid, resourceVersion, timestamps untouched).
   * processEvent is the store's own insert path, so CRDs are registered as a side effect.
   */
  void restore(StoredObject object) {
    crud.processEvent(object.path(), crud.getKey(object.path()), null, null, object.json());
  }

  /**
   * The store's resourceVersion counter, read without bumping it: list responses carry it. It can be ahead
   * of every stored object (after deletes), so snapshots save it rather than the objects' maximum.
   */
  long currentResourceVersion() {
    return list("/api/v1/namespaces").path("metadata").path("resourceVersion").asLong(0);
  }

  /** Moves the resourceVersion counter past {@code rv} so no old version is handed out again. */
  void advanceResourceVersionTo(long rv) {
    while (crud.requestResourceVersion() < rv) {
      // the counter is private; incrementing is the only way to move it
    }
  }

  private static RecordedRequest request(HttpMethod method, String path, String body) {
    Headers headers = Headers.builder().add(JsonResponses.CONTENT_TYPE, JsonResponses.APPLICATION_JSON).build();
    Buffer buffer = new Buffer().write(body.getBytes(StandardCharsets.UTF_8));
    return new RecordedRequest("HTTP/1.1", method, path, headers, buffer);
  }

  private static String itemPath(AttributeSet key) {
    String group = value(key, "api");
    String version = value(key, "version");
    String namespace = value(key, "namespace");
    StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
    if (!namespace.isEmpty()) {
      path.append("/namespaces/").append(namespace);
    }
    return path.append('/').append(value(key, "plural")).append('/').append(value(key, "name")).toString();
  }

  private static String value(AttributeSet key, String name) {
    Attribute attribute = key.getAttribute(name);
    return attribute == null || attribute.getValues().isEmpty() ? "" : attribute.getValues().get(0).toString();
  }

  record StoredObject(String path, String json) {
  }
}
