package io.kedge.metaserver;

import io.kedge.protocol.kube.FieldSelector;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list, get or watch of one kind, parsed from a URL such as
 * {@code /api/v1/namespaces/{ns}/pods/{name}} or {@code /apis/discovery.k8s.io/v1/endpointslices?watch=1}.
 *
 * @param namespace null for all namespaces (and for cluster-scoped kinds, which the store keeps in {@code default})
 * @param name      null for a list or watch of many
 */
record ResourceRequest(ResourceKind kind, String namespace, String name, boolean watch, Map<String, String> query) {

    /** Parses a path below {@code /api} or {@code /apis}; unknown kinds and shapes are NotFound. */
    static ResourceRequest parse(URI uri, ResourceKinds kinds) throws ApiError {
        List<String> segments = segments(uri.getRawPath());
        Map<String, String> query = query(uri.getRawQuery());
        String group;
        String version;
        int at;
        if (segments.size() >= 2 && segments.get(0).equals("api") && segments.get(1).equals(ResourceKind.VERSION)) {
            group = "";
            version = ResourceKind.VERSION;
            at = 2;
        } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            version = segments.get(2);
            at = 3;
        } else {
            throw ApiError.notFound("the server could not find the requested resource");
        }
        boolean watch = isTrue(query.get("watch"));
        if (at < segments.size() && segments.get(at).equals("watch")) { // the deprecated /watch/ prefix
            watch = true;
            at++;
        }
        String namespace = null;
        if (segments.size() - at >= 3 && segments.get(at).equals("namespaces")) {
            namespace = segments.get(at + 1);
            at += 2;
        }
        List<String> rest = segments.subList(at, segments.size());
        if (rest.isEmpty() || rest.size() > 2) {
            throw ApiError.notFound("the server could not find the requested resource");
        }
        String plural = rest.get(0);
        ResourceKind kind = kinds.find(group, version, plural)
                .orElseThrow(() -> ApiError.notFound("the server doesn't have a resource type \"" + plural + "\""));
        if (!kind.namespaced() && namespace != null) {
            throw ApiError.notFound(kind.plural() + " are not namespaced");
        }
        String name = rest.size() == 2 ? rest.get(1) : null;
        return new ResourceRequest(kind, namespace, name, watch, query);
    }

    /** The namespace the store files this request's objects under. */
    String storeNamespace() {
        return kind.namespaced() ? namespace : ResourceKind.CLUSTER_NAMESPACE;
    }

    ObjectFilter filter() throws ApiError {
        FieldSelector fields;
        try {
            fields = FieldSelector.parse(query.get("fieldSelector")).requireSupported(selectableFields());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        if (name != null) { // a watch of one object, as some clients open it
            fields = fields.and(Selectable.NAME, name);
        }
        return new ObjectFilter(kind, kind.namespaced() ? namespace : null,
                LabelSelector.parse(query.get("labelSelector")), fields);
    }

    /** The kind's own selectable fields besides metadata.name and metadata.namespace, which every kind has. */
    private Set<String> selectableFields() {
        Set<String> fields = new HashSet<>(kind.extraFields());
        fields.add(Selectable.NAME);
        fields.add(Selectable.NAMESPACE);
        return fields;
    }

    private static boolean isTrue(String flag) {
        return flag != null && (flag.equals("true") || flag.equals("1"));
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null) {
            return query;
        }
        Arrays.stream(rawQuery.split("&")).filter(p -> !p.isEmpty()).forEach(pair -> {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        });
        return query;
    }
}
