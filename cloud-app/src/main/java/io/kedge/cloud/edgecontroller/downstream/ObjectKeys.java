package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kedge.protocol.ResourcePath;
import java.util.Optional;

/** The edge's key of a Kubernetes object: {@code {namespace}/{type}/{name}}. */
final class ObjectKeys {
    private ObjectKeys() {
    }

    /** @return empty for kinds the edge does not get and for objects without namespace or name */
    static Optional<ResourcePath> of(HasMetadata object) {
        return EdgeKinds.STANDARD.keyOf(object);
    }

    static ResourcePath ofNode(String nodeName) {
        return ResourcePath.of(EdgeResourceTypes.CLUSTER_NAMESPACE, EdgeResourceTypes.NODE, nodeName);
    }
}
