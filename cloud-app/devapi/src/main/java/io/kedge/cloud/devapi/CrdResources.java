package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Discovery entries for custom resources, read back from the CRDs currently in the store. Of a CRD with several
 * versions only the storage version is served: the store keeps each object under the version it was written
 * in and cannot convert, so a client reading the preferred version must find everything there (KubeEdge's
 * device CRDs still serve v1alpha2 beside v1beta1).
 */
final class CrdResources {

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final CrudStore store;

  CrdResources(CrudStore store) {
    this.store = store;
  }

  List<ApiResource> all() {
    List<ApiResource> result = new ArrayList<>();
    for (JsonNode crd : store.list(CRD_PATH).path("items")) {
      addServedVersions(crd.path("spec"), result);
    }
    return result;
  }

  private static void addServedVersions(JsonNode spec, List<ApiResource> result) {
    JsonNode names = spec.path("names");
    List<String> shortNames = new ArrayList<>();
    names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
    boolean namespaced = !"Cluster".equals(spec.path("scope").asText());
    boolean hasStorage = false;
    for (JsonNode version : spec.path("versions")) {
      hasStorage |= version.path("served").asBoolean(true) && version.path("storage").asBoolean(false);
    }
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true) || hasStorage && !version.path("storage").asBoolean(false)) {
        continue;
      }
      ApiResource resource = new ApiResource(spec.path("group").asText(), version.path("name").asText(),
          names.path("plural").asText(), names.path("singular").asText(), names.path("kind").asText(),
          namespaced, shortNames, ApiResource.ALL_VERBS);
      result.add(resource);
      if (version.path("subresources").has("status")) {
        result.add(resource.statusSubresource());
      }
    }
  }
}
