package io.kedge.metaserver;

import java.util.List;
import java.util.Set;

/**
 * A Kubernetes resource the node can serve, and the KubeEdge store type that holds it.
 *
 * @param plural      URL segment, e.g. {@code pods}
 * @param kind        e.g. {@code Pod}
 * @param group       API group, empty for the core group
 * @param storeType   KubeEdge type name in the store, e.g. {@code pod}
 * @param namespaced  false for cluster-scoped kinds (nodes), which the store keeps in {@code default}
 * @param shortNames  kubectl abbreviations
 * @param extraFields field selector paths besides metadata.name and metadata.namespace
 * @param version     the API version served, e.g. {@code v1}
 */
record ResourceKind(String plural, String kind, String group, String storeType, boolean namespaced,
        List<String> shortNames, Set<String> extraFields, String version) {

    static final String VERSION = "v1";

    /** A kind of version {@value #VERSION}. */
    ResourceKind(String plural, String kind, String group, String storeType, boolean namespaced,
            List<String> shortNames, Set<String> extraFields) {
        this(plural, kind, group, storeType, namespaced, shortNames, extraFields, VERSION);
    }
    /** Namespace under which the store keeps cluster-scoped objects, as KubeEdge does. */
    static final String CLUSTER_NAMESPACE = "default";

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    String listKind() {
        return kind + "List";
    }

    String singular() {
        return kind.toLowerCase(java.util.Locale.ROOT);
    }
}
