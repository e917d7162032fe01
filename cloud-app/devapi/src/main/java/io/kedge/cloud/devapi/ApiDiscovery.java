package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers the discovery endpoints kubectl and client-go need before doing anything else
 * (the CRUD mock only knows stored objects, not the API's shape).
 */
final class ApiDiscovery {

  /** Clients recognise the embedded API server by the word "kedge" in gitVersion. */
  static final String GIT_VERSION = "v1.32.0-kedge.embedded";

  private static final ObjectNode VERSION = JsonResponses.MAPPER.createObjectNode()
      .put("major", "1")
      .put("minor", "32")
      .put("gitVersion", GIT_VERSION)
      .put("gitCommit", "0000000000000000000000000000000000000000")
      .put("gitTreeState", "clean")
      .put("buildDate", "2025-01-01T00:00:00Z")
      .put("goVersion", "go1.23.0")
      .put("compiler", "gc")
      .put("platform", "linux/amd64");

  private final CrdResources crds;

  ApiDiscovery(CrudStore store) {
    this.crds = new CrdResources(store);
  }

  /** The JSON body for a discovery path (query already stripped), or null if it is not one. */
  Object answer(String path) {
    switch (path) {
      case "/version":
        return VERSION;
      case "/api":
        return apiVersions();
      case "/apis":
        return groupList(resources());
      default:
        break;
    }
    if (path.startsWith("/api/") || path.startsWith("/apis/")) {
      return groupOrResourceList(path);
    }
    return null;
  }

  List<ApiResource> resources() {
    List<ApiResource> all = new ArrayList<>(BuiltinResources.ALL);
    all.addAll(crds.all());
    return all;
  }

  /** "/api/v1" or "/apis/G/V" lists resources, "/apis/G" describes the group; anything deeper is not ours. */
  private Object groupOrResourceList(String path) {
    String[] parts = path.substring(1).split("/");
    List<ApiResource> all = resources();
    if (parts[0].equals("api") && parts.length == 2) {
      return resourceList(parts[1], all);
    }
    if (parts[0].equals("apis") && parts.length == 3) {
      return resourceList(parts[1] + "/" + parts[2], all);
    }
    if (parts[0].equals("apis") && parts.length == 2) {
      Map<String, Set<String>> groups = versionsByGroup(all);
      return groups.containsKey(parts[1]) ? group(parts[1], groups.get(parts[1])).put("apiVersion", "v1") : null;
    }
    return null;
  }

  private static ObjectNode apiVersions() {
    ObjectNode node = JsonResponses.MAPPER.createObjectNode().put("kind", "APIVersions");
    node.putArray("versions").add("v1");
    node.putArray("serverAddressByClientCIDRs");
    return node;
  }

  private static ObjectNode groupList(List<ApiResource> all) {
    ObjectNode list = JsonResponses.MAPPER.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    versionsByGroup(all).forEach((name, versions) -> groups.add(group(name, versions)));
    return list;
  }

  private static Map<String, Set<String>> versionsByGroup(List<ApiResource> all) {
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    for (ApiResource r : all) {
      if (!r.group().isEmpty()) {
        groups.computeIfAbsent(r.group(), g -> new LinkedHashSet<>()).add(r.version());
      }
    }
    return groups;
  }

  private static ObjectNode group(String name, Set<String> versions) {
    ObjectNode group = JsonResponses.MAPPER.createObjectNode().put("kind", "APIGroup").put("name", name);
    ArrayNode versionList = group.putArray("versions");
    for (String v : versions) {
      versionList.addObject().put("groupVersion", name + "/" + v).put("version", v);
    }
    String preferred = versions.iterator().next();
    group.putObject("preferredVersion").put("groupVersion", name + "/" + preferred).put("version", preferred);
    return group;
  }

  /** Null for unknown group-versions so the request falls through to the store (and its 404 / empty list). */
  private static ObjectNode resourceList(String groupVersion, List<ApiResource> all) {
    List<ApiResource> matching = all.stream().filter(r -> r.groupVersion().equals(groupVersion)).toList();
    if (matching.isEmpty()) {
      return null;
    }
    ObjectNode list = JsonResponses.MAPPER.createObjectNode()
        .put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (ApiResource r : matching) {
      ObjectNode node = resources.addObject()
          .put("name", r.name())
          .put("singularName", r.singularName())
          .put("namespaced", r.namespaced())
          .put("kind", r.kind());
      r.verbs().forEach(node.putArray("verbs")::add);
      if (!r.shortNames().isEmpty()) {
        r.shortNames().forEach(node.putArray("shortNames")::add);
      }
    }
    return list;
  }
}
