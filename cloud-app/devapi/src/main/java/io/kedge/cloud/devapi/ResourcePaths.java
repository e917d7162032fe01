package io.kedge.cloud.devapi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tells the paths of resources this server has (built-in or defined by a CRD in the store) from all
 * others, in Kubernetes' URL shapes: {@code /api/v1/...} and {@code /apis/G/V/...}, optionally with
 * the old {@code watch/} prefix, then {@code [namespaces/NS/]PLURAL[/NAME[/SUBRESOURCE]]}. The CRUD
 * mock answers a path it cannot map with every object it holds; such paths must never reach it.
 */
final class ResourcePaths {

  private final ApiDiscovery discovery;

  ResourcePaths(ApiDiscovery discovery) {
    this.discovery = discovery;
  }

  /** Whether {@code path} (without its query) names a collection, an object or a subresource we have. */
  boolean isResourcePath(String path) {
    if (!path.startsWith("/") || path.contains("//")) {
      return false;
    }
    List<String> parts = Arrays.asList(path.substring(1).split("/"));
    int at;
    String groupVersion;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      groupVersion = parts.get(1);
      at = 2;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      groupVersion = parts.get(1) + "/" + parts.get(2);
      at = 3;
    } else {
      return false;
    }
    if (parts.get(at).equals("watch") && parts.size() > at + 1) {
      at++;
    }
    Map<String, ApiResource> resources = discovery.resources().stream()
        .filter(r -> r.groupVersion().equals(groupVersion))
        .collect(Collectors.toMap(ApiResource::name, Function.identity(), (a, b) -> a));
    return isKnown(parts.subList(at, parts.size()), resources);
  }

  private static boolean isKnown(List<String> rest, Map<String, ApiResource> resources) {
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      if (rest.size() == 3 && resources.containsKey("namespaces/" + rest.get(2))) {
        return true; // a namespace's own subresource, e.g. namespaces/NS/status
      }
      ApiResource resource = resources.get(rest.get(2));
      return resource != null && resource.namespaced() && isObjectPath(rest.subList(3, rest.size()), resource, resources);
    }
    ApiResource resource = resources.get(rest.get(0));
    if (resource == null) {
      return false;
    }
    List<String> below = rest.subList(1, rest.size());
    // a namespaced kind is listed across namespaces here, but its objects are only reached through one
    return below.isEmpty() || !resource.namespaced() && isObjectPath(below, resource, resources);
  }

  /** Nothing (the collection), a name, or a name and a subresource the kind has. */
  private static boolean isObjectPath(List<String> below, ApiResource resource, Map<String, ApiResource> resources) {
    return below.size() <= 1 || below.size() == 2 && resources.containsKey(resource.name() + "/" + below.get(1));
  }
}
