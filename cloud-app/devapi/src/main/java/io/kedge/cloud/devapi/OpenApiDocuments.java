package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Minimal OpenAPI v3 so kubectl's validation and apply find a document per group-version.
 * The documents carry no schemas: kubectl then falls back to its compiled-in types. v2 is deliberately 404.
 */
final class OpenApiDocuments {

  private static final String V3_ROOT = "/openapi/v3";

  /** Marker answer: an /openapi path we know but do not serve (v2, unknown group-versions). */
  static final Object NOT_FOUND = new Object();

  private final ApiDiscovery discovery;

  OpenApiDocuments(ApiDiscovery discovery) {
    this.discovery = discovery;
  }

  /** Body for an /openapi path, null if not an openapi path, or NOT_FOUND for known-missing documents. */
  Object answer(String path) {
    if (!path.startsWith("/openapi/")) {
      return null;
    }
    if (path.equals(V3_ROOT)) {
      return root();
    }
    String groupVersionPath = path.startsWith(V3_ROOT + "/") ? path.substring(V3_ROOT.length() + 1) : "";
    if (groupVersionPaths().contains(groupVersionPath)) {
      return document(groupVersionPath);
    }
    return NOT_FOUND;
  }

  private ObjectNode root() {
    ObjectNode root = JsonResponses.MAPPER.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    for (String gv : groupVersionPaths()) {
      paths.putObject(gv).put("serverRelativeURL", V3_ROOT + "/" + gv + "?hash=" + Integer.toHexString(gv.hashCode()));
    }
    return root;
  }

  /** "api/v1", "apis/apps/v1", ... exactly as the root document lists them. */
  private Set<String> groupVersionPaths() {
    Set<String> result = new LinkedHashSet<>();
    for (ApiResource r : discovery.resources()) {
      result.add(groupVersionPath(r));
    }
    return result;
  }

  private ObjectNode document(String groupVersionPath) {
    ObjectNode doc = JsonResponses.MAPPER.createObjectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", ApiDiscovery.GIT_VERSION);
    ObjectNode paths = doc.putObject("paths");
    for (ApiResource r : discovery.resources()) {
      if (!r.isSubresource() && groupVersionPath.equals(groupVersionPath(r))) {
        paths.putObject(itemPath(r)).set("patch", patchOperation(r));
      }
    }
    doc.putObject("components").putObject("schemas");
    return doc;
  }

  /**
   * kubectl validates on the server (fieldValidation=Strict) only if the PATCH operation for the kind
   * lists that query parameter; otherwise it wants /openapi/v2 schemas, which we do not have.
   */
  private static ObjectNode patchOperation(ApiResource r) {
    ObjectNode patch = JsonResponses.MAPPER.createObjectNode();
    patch.putObject("x-kubernetes-group-version-kind")
        .put("group", r.group()).put("version", r.version()).put("kind", r.kind());
    patch.putArray("parameters").addObject()
        .put("name", "fieldValidation").put("in", "query").putObject("schema").put("type", "string");
    patch.putObject("responses").putObject("200").put("description", "OK");
    return patch;
  }

  private static String groupVersionPath(ApiResource r) {
    return r.group().isEmpty() ? "api/" + r.version() : "apis/" + r.groupVersion();
  }

  private static String itemPath(ApiResource r) {
    String namespace = r.namespaced() ? "/namespaces/{namespace}" : "";
    return "/" + groupVersionPath(r) + namespace + "/" + r.name() + "/{name}";
  }
}
