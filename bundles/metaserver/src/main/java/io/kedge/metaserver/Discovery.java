package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The discovery documents clients read before anything else: version, API groups, resource lists. */
final class Discovery {
    /** The Kubernetes minor whose shapes we serve; "kedge" in gitVersion tells clients who answers. */
    private static final String MAJOR = "1";
    private static final String MINOR = "32";

    private final ResourceKinds kinds;

    Discovery(ResourceKinds kinds) {
        this.kinds = kinds;
    }

    /** The document at {@code path}, if it is a discovery path. */
    Optional<JsonNode> at(String path, String serverAddress) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return Optional.ofNullable(switch (trimmed) {
            case "/version" -> version();
            case "/api" -> apiVersions(serverAddress);
            case "/apis" -> groupList();
            case "/api/" + ResourceKind.VERSION -> resources("", ResourceKind.VERSION);
            default -> groupDocument(trimmed);
        });
    }

    /** {@code /apis/{group}} describes a group, {@code /apis/{group}/{version}} lists its resources. */
    private ObjectNode groupDocument(String path) {
        for (var group : kinds.groupVersions().entrySet()) {
            String groupPath = "/apis/" + group.getKey();
            if (path.equals(groupPath)) {
                return namedGroup(group.getKey(), group.getValue());
            }
            if (path.equals(groupPath + "/" + group.getValue())) {
                return resources(group.getKey(), group.getValue());
            }
        }
        return null;
    }

    private static ObjectNode version() {
        ObjectNode version = object();
        version.put("major", MAJOR);
        version.put("minor", MINOR);
        version.put("gitVersion", "v" + MAJOR + "." + MINOR + ".0-kedge");
        version.put("gitCommit", "");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "1970-01-01T00:00:00Z");
        version.put("goVersion", "");
        version.put("compiler", "");
        version.put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
                + System.getProperty("os.arch"));
        return version;
    }

    private static ObjectNode apiVersions(String serverAddress) {
        ObjectNode versions = object();
        versions.put("kind", "APIVersions");
        versions.putArray("versions").add(ResourceKind.VERSION);
        versions.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return versions;
    }

    private ObjectNode groupList() {
        ObjectNode list = object();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        kinds.groupVersions().forEach((name, version) -> groups.add(group(name, version)));
        return list;
    }

    private static ObjectNode namedGroup(String name, String version) {
        ObjectNode group = group(name, version);
        group.put("kind", "APIGroup");
        group.put("apiVersion", "v1");
        return group;
    }

    private static ObjectNode group(String name, String served) {
        ObjectNode group = object();
        group.put("name", name);
        ObjectNode version = object();
        version.put("groupVersion", name + "/" + served);
        version.put("version", served);
        group.putArray("versions").add(version);
        group.set("preferredVersion", version.deepCopy());
        return group;
    }

    private ObjectNode resources(String group, String version) {
        ObjectNode list = object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceKind kind : kinds.inGroup(group)) {
            ObjectNode resource = resources.addObject();
            resource.put("name", kind.plural());
            resource.put("singularName", kind.singular());
            resource.put("namespaced", kind.namespaced());
            resource.put("kind", kind.kind());
            resource.putArray("verbs").add("get").add("list").add("watch");
            if (!kind.shortNames().isEmpty()) {
                ArrayNode shortNames = resource.putArray("shortNames");
                kind.shortNames().forEach(shortNames::add);
            }
        }
        return list;
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
