package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * JSON snapshot of the whole store: {"resourceVersion": N, "objects": [{"path": ..., "object": {...}}]}.
 * Objects are saved verbatim so uid, resourceVersion and creationTimestamp survive a restart.
 */
final class StateFile {

  private final Path file;

  StateFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /** Loads the snapshot into the store (CRDs first, so custom resources land in known types). */
  void loadInto(CrudStore store) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    JsonNode root = JsonResponses.read(Files.readString(file, StandardCharsets.UTF_8));
    List<CrudStore.StoredObject> objects = new ArrayList<>();
    for (JsonNode entry : root.path("objects")) {
      objects.add(new CrudStore.StoredObject(entry.path("path").asText(), JsonResponses.write(entry.path("object"))));
    }
    objects.sort(Comparator.comparing(o -> !o.path().startsWith(CrdResources.CRD_PATH)));
    objects.forEach(store::restore);
    store.advanceResourceVersionTo(root.path("resourceVersion").asLong(0));
  }

  /** Renders the store as snapshot text; callers compare it to the last write to skip unchanged saves. */
  static String render(CrudStore store) {
    ObjectNode root = JsonResponses.MAPPER.createObjectNode();
    ArrayNode objects = JsonResponses.MAPPER.createArrayNode();
    long maxResourceVersion = 0;
    List<CrudStore.StoredObject> entries = store.entries();
    entries.sort(Comparator.comparing(CrudStore.StoredObject::path));
    for (CrudStore.StoredObject entry : entries) {
      JsonNode object = JsonResponses.read(entry.json());
      maxResourceVersion = Math.max(maxResourceVersion,
          object.path("metadata").path("resourceVersion").asLong(0));
      objects.addObject().put("path", entry.path()).set("object", object);
    }
    root.put("resourceVersion", Math.max(maxResourceVersion, store.currentResourceVersion()));
    root.set("objects", objects);
    return root.toPrettyString();
  }

  /** Readers never see a half-written snapshot; others never see it at all (0600). */
  void write(String snapshot) throws IOException {
    PrivateFile.write(file, snapshot);
  }
}
