package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kedge.protocol.ResourcePath;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every node is entitled to: the built-in kinds from the {@link ClusterIndex}, each registered
 * kind from its own index. Only edge nodes (as the ClusterIndex knows them) are entitled to
 * anything, whichever index answers.
 */
final class Entitlements implements NodeIndex {
    private final ClusterIndex cluster;
    private final Map<String, NodeIndex> byType = new HashMap<>();
    private final List<NodeIndex> registered;

    Entitlements(ClusterIndex cluster, List<IndexedKinds> extensions) {
        this.cluster = cluster;
        extensions.forEach(extension -> extension.kinds().forEach(
                kind -> byType.put(kind.resourceType(), extension.index())));
        this.registered = extensions.stream().map(IndexedKinds::index).toList();
    }

    @Override
    public Affected upsert(ResourcePath key, HasMetadata object) {
        return indexOf(key).upsert(key, object);
    }

    @Override
    public Affected remove(ResourcePath key) {
        return indexOf(key).remove(key);
    }

    @Override
    public Optional<HasMetadata> objectFor(String nodeName, ResourcePath key) {
        return cluster.isEdgeNode(nodeName) ? indexOf(key).objectFor(nodeName, key) : Optional.empty();
    }

    @Override
    public Map<ResourcePath, ObjectVersion> desiredFor(String nodeName) {
        Map<ResourcePath, ObjectVersion> desired = new LinkedHashMap<>(cluster.desiredFor(nodeName));
        if (cluster.isEdgeNode(nodeName)) {
            registered.forEach(index -> desired.putAll(index.desiredFor(nodeName)));
        }
        return desired;
    }

    private NodeIndex indexOf(ResourcePath key) {
        return byType.getOrDefault(key.type(), cluster);
    }
}
