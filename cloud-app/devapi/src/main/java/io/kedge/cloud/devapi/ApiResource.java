package io.kedge.cloud.devapi;

import java.util.List;

/**
 * One entry of an APIResourceList. {@code name} is the plural, or {@code plural/subresource}.
 * {@code group} is empty for the core ("legacy") API.
 */
record ApiResource(String group, String version, String name, String singularName, String kind,
    boolean namespaced, List<String> shortNames, List<String> verbs) {

  static final List<String> ALL_VERBS = List.of(
      "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  boolean isSubresource() {
    return name.contains("/");
  }

  static ApiResource of(String group, String version, String plural, String kind, boolean namespaced,
      String... shortNames) {
    return new ApiResource(group, version, plural, kind.toLowerCase(), kind, namespaced,
        List.of(shortNames), ALL_VERBS);
  }

  ApiResource statusSubresource() {
    return new ApiResource(group, version, name + "/status", "", kind, namespaced, List.of(), SUBRESOURCE_VERBS);
  }
}
