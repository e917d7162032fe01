package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a node may set on its own Node object, after Kubernetes' NodeRestriction admission plugin
 * (plugin/pkg/admission/noderestriction and the kubelet's well-known labels): labels outside the
 * {@code kubernetes.io} and {@code k8s.io} domains, and inside them only the ones a kubelet sets
 * itself; of the spec only what a kubelet sets when it registers. Kedge's own role labels are the
 * cloud's to set, whatever the node says.
 */
final class NodeRestriction {
    static final String EDGE_ROLE_LABEL = "node-role.kubernetes.io/edge";
    static final String AGENT_ROLE_LABEL = "node-role.kubernetes.io/agent";
    /** Set by the cloud on every edge node it registers. */
    static final Map<String, String> KEDGE_ROLE_LABELS = Map.of(EDGE_ROLE_LABEL, "", AGENT_ROLE_LABEL, "");

    private static final Set<String> KUBELET_LABELS = Set.of(
            "kubernetes.io/hostname",
            "kubernetes.io/os",
            "kubernetes.io/arch",
            "beta.kubernetes.io/os",
            "beta.kubernetes.io/arch",
            "beta.kubernetes.io/instance-type",
            "node.kubernetes.io/instance-type",
            "node.kubernetes.io/windows-build",
            "topology.kubernetes.io/region",
            "topology.kubernetes.io/zone",
            "failure-domain.beta.kubernetes.io/region",
            "failure-domain.beta.kubernetes.io/zone");
    private static final List<String> KUBELET_LABEL_DOMAINS = List.of("kubelet.kubernetes.io", "node.kubernetes.io");
    private static final List<String> KUBERNETES_DOMAINS = List.of("kubernetes.io", "k8s.io");
    private static final String NODE_RESTRICTION_DOMAIN = "node-restriction.kubernetes.io";
    /** Spec fields a kubelet sets when it registers; afterwards the spec is the cluster's. */
    private static final Set<String> REGISTRATION_SPEC_FIELDS = Set.of("taints", "unschedulable", "providerID");

    private NodeRestriction() {
    }

    /** May a node set this label on itself? */
    static boolean mayNodeSet(String key) {
        String domain = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
        if (inDomain(domain, NODE_RESTRICTION_DOMAIN)) {
            return false;
        }
        if (KUBERNETES_DOMAINS.stream().noneMatch(d -> inDomain(domain, d))) {
            return true;
        }
        return KUBELET_LABELS.contains(key) || KUBELET_LABEL_DOMAINS.stream().anyMatch(d -> inDomain(domain, d));
    }

    /**
     * The labels of {@code reported} the node may not set: those it adds or changes compared with
     * {@code stored} (empty when registering) outside the allowed set. Kedge's role labels are not
     * counted: the cloud sets them itself.
     */
    static Set<String> forbiddenLabels(Map<String, String> stored, Map<String, String> reported) {
        Set<String> forbidden = new TreeSet<>();
        Map<String, String> before = stored == null ? Map.of() : stored;
        if (reported != null) {
            reported.forEach((key, value) -> {
                boolean modified = !before.containsKey(key) || !Objects.equals(before.get(key), value);
                if (modified && !KEDGE_ROLE_LABELS.containsKey(key) && !mayNodeSet(key)) {
                    forbidden.add(key);
                }
            });
        }
        return forbidden;
    }

    /**
     * The spec fields of {@code reported} the node may not set: at registration ({@code stored}
     * null) all but taints, unschedulable and providerID; afterwards every field whose value differs
     * from the stored one (taints removed with {@code "taints": []}, say). Fields the node leaves out
     * are not a change.
     */
    static Set<String> forbiddenSpecFields(JsonNode stored, JsonNode reported) {
        Set<String> forbidden = new TreeSet<>();
        reported.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            boolean allowed;
            if (stored == null) {
                allowed = isEmpty(value) || REGISTRATION_SPEC_FIELDS.contains(field.getKey());
            } else {
                JsonNode before = stored.get(field.getKey());
                allowed = isEmpty(value) ? isEmpty(before) : value.equals(before);
            }
            if (!allowed) {
                forbidden.add(field.getKey());
            }
        });
        return forbidden;
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode()
                || ((value.isArray() || value.isObject()) && value.isEmpty())
                || (value.isBoolean() && !value.asBoolean())
                || (value.isTextual() && value.asText().isEmpty());
    }

    private static boolean inDomain(String domain, String parent) {
        return domain.equals(parent) || domain.endsWith("." + parent);
    }
}
