package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.protocol.ResourcePath;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in kinds ({@link EdgeKinds#STANDARD}) edge nodes may get, indexed by which node needs
 * them, and which nodes are edge nodes. Not thread-safe: only the sync thread touches it.
 */
final class ClusterIndex implements NodeIndex {
    private final Map<ResourcePath, HasMetadata> objects = new HashMap<>();
    private final Map<String, Set<ResourcePath>> podsByNode = new HashMap<>();
    /** configmap/secret key → node → how many of the node's pods reference it. */
    private final Map<ResourcePath, Map<String, Integer>> referencingNodes = new HashMap<>();
    /** Services, endpoints and endpointslices of the selected namespaces: every edge node gets them (EdgeMesh). */
    private final Set<ResourcePath> everywhere = new LinkedHashSet<>();
    private final Set<String> edgeNodes = new HashSet<>();
    private final ServiceNamespaces serviceNamespaces;

    ClusterIndex(ServiceNamespaces serviceNamespaces) {
        this.serviceNamespaces = serviceNamespaces;
    }

    @Override
    public Affected upsert(ResourcePath key, HasMetadata object) {
        HasMetadata previous = objects.put(key, object);
        Affected affected = new Affected();
        switch (key.type()) {
            case EdgeResourceTypes.POD -> {
                unindexPod(key, (Pod) previous, affected);
                indexPod(key, (Pod) object, affected);
            }
            case EdgeResourceTypes.CONFIGMAP, EdgeResourceTypes.SECRET ->
                    referencingNodes.getOrDefault(key, Map.of()).keySet().forEach(node -> affected.onNode(node, key));
            case EdgeResourceTypes.NODE -> {
                boolean wasEdge = edgeNodes.contains(key.name());
                boolean isEdge = isEdgeNode((Node) object);
                if (isEdge) {
                    edgeNodes.add(key.name());
                } else {
                    edgeNodes.remove(key.name());
                }
                if (wasEdge != isEdge) {
                    affected.wholeNode(key.name());
                } else {
                    affected.onNode(key.name(), key);
                }
            }
            default -> {
                if (serviceNamespaces.includes(key.namespace())) {
                    everywhere.add(key);
                    affected.onEveryNode(key);
                }
            }
        }
        return affected;
    }

    @Override
    public Affected remove(ResourcePath key) {
        HasMetadata previous = objects.remove(key);
        Affected affected = new Affected();
        switch (key.type()) {
            case EdgeResourceTypes.POD -> unindexPod(key, (Pod) previous, affected);
            case EdgeResourceTypes.CONFIGMAP, EdgeResourceTypes.SECRET ->
                    referencingNodes.getOrDefault(key, Map.of()).keySet().forEach(node -> affected.onNode(node, key));
            case EdgeResourceTypes.NODE -> {
                if (edgeNodes.remove(key.name())) {
                    affected.wholeNode(key.name());
                }
            }
            default -> {
                everywhere.remove(key);
                affected.onEveryNode(key);
            }
        }
        return affected;
    }

    /**
     * The object under {@code key} if {@code nodeName} should hold it now, else empty. The only way
     * to an object's content: keys may come from a node, and a node gets only what it is entitled to.
     */
    @Override
    public Optional<HasMetadata> objectFor(String nodeName, ResourcePath key) {
        return shouldHold(nodeName, key) ? Optional.of(objects.get(key)) : Optional.empty();
    }

    boolean isEdgeNode(String nodeName) {
        return edgeNodes.contains(nodeName);
    }

    /** Whether {@code nodeName} should now hold the object under {@code key}. */
    boolean shouldHold(String nodeName, ResourcePath key) {
        HasMetadata object = objects.get(key);
        if (object == null || !edgeNodes.contains(nodeName)) {
            return false;
        }
        return switch (key.type()) {
            case EdgeResourceTypes.POD -> nodeName.equals(nodeNameOf((Pod) object));
            case EdgeResourceTypes.CONFIGMAP, EdgeResourceTypes.SECRET ->
                    referencingNodes.getOrDefault(key, Map.of()).containsKey(nodeName);
            case EdgeResourceTypes.NODE -> key.name().equals(nodeName);
            default -> everywhere.contains(key);
        };
    }

    /** Everything the node should hold, key → version; empty for a node that is not an edge node. */
    @Override
    public Map<ResourcePath, ObjectVersion> desiredFor(String nodeName) {
        Map<ResourcePath, ObjectVersion> desired = new LinkedHashMap<>();
        if (!edgeNodes.contains(nodeName)) {
            return desired;
        }
        putIfPresent(desired, ObjectKeys.ofNode(nodeName));
        everywhere.forEach(key -> putIfPresent(desired, key));
        for (ResourcePath podKey : podsByNode.getOrDefault(nodeName, Set.of())) {
            Pod pod = (Pod) objects.get(podKey);
            PodReferences.keysOf(pod).forEach(key -> putIfPresent(desired, key));
            putIfPresent(desired, podKey);
        }
        return desired;
    }

    private void putIfPresent(Map<ResourcePath, ObjectVersion> desired, ResourcePath key) {
        HasMetadata object = objects.get(key);
        if (object != null) {
            desired.put(key, ObjectVersion.of(object));
        }
    }

    private void indexPod(ResourcePath key, Pod pod, Affected affected) {
        String node = nodeNameOf(pod);
        if (node == null) {
            return;
        }
        podsByNode.computeIfAbsent(node, n -> new LinkedHashSet<>()).add(key);
        Set<ResourcePath> refs = PodReferences.keysOf(pod);
        refs.forEach(ref -> referencingNodes.computeIfAbsent(ref, r -> new HashMap<>()).merge(node, 1, Integer::sum));
        affected.onNode(node, refs).onNode(node, key);
    }

    private void unindexPod(ResourcePath key, Pod pod, Affected affected) {
        String node = pod == null ? null : nodeNameOf(pod);
        if (node == null) {
            return;
        }
        Set<ResourcePath> pods = podsByNode.get(node);
        if (pods != null && pods.remove(key) && pods.isEmpty()) {
            podsByNode.remove(node);
        }
        Set<ResourcePath> refs = PodReferences.keysOf(pod);
        for (ResourcePath ref : refs) {
            Map<String, Integer> counts = referencingNodes.get(ref);
            if (counts != null && counts.computeIfPresent(node, (n, count) -> count > 1 ? count - 1 : null) == null
                    && counts.isEmpty()) {
                referencingNodes.remove(ref);
            }
        }
        affected.onNode(node, key).onNode(node, refs);
    }

    private static String nodeNameOf(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null || node.isBlank() ? null : node;
    }

    private static boolean isEdgeNode(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels != null && labels.containsKey(EdgeController.EDGE_ROLE_LABEL);
    }
}
