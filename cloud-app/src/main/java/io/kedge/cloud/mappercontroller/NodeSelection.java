package io.kedge.cloud.mappercontroller;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.kedge.cloud.edgecontroller.EdgeController;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which nodes a Mapper selects: edge nodes (Kedge's role label) whose labels match its
 * {@code nodeSelector} as Kubernetes matches a label selector ({@code matchLabels} and
 * {@code matchExpressions} with In, NotIn, Exists, DoesNotExist, all of them ANDed); no selector
 * selects every edge node. An operator it does not know selects nothing.
 */
final class NodeSelection {
    private NodeSelection() {
    }

    /** Names of the selected nodes, sorted. */
    static List<String> select(LabelSelector selector, Collection<Node> nodes) {
        return nodes.stream().filter(node -> node.getMetadata() != null)
                .filter(node -> labels(node).containsKey(EdgeController.EDGE_ROLE_LABEL))
                .filter(node -> matches(selector, labels(node)))
                .map(node -> node.getMetadata().getName()).sorted().toList();
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
                if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!matches(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (String.valueOf(requirement.getOperator())) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
