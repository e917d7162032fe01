package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kedge.protocol.ResourcePath;
import java.util.Optional;

/** The edge's key of a Kubernetes object: {@code {namespace}/{type}/{name}}. */
final class ObjectKeys {
    private ObjectKeys() {
    }

    /** @return empty for kinds the edge does not get and for objects without namespace or name */
    static Optional<ResourcePath> of(HasMetadata object) {
        String type = typeOf(object);
        ObjectMeta meta = object == null ? null : object.getMetadata();
        if (type == null || meta == null || isBlank(meta.getName())) {
            return Optional.empty();
        }
        String namespace = object instanceof Node ? EdgeResourceTypes.CLUSTER_NAMESPACE : meta.getNamespace();
        if (isBlank(namespace)) {
            return Optional.empty();
        }
        return Optional.of(ResourcePath.of(namespace, type, meta.getName()));
    }

    static ResourcePath ofNode(String nodeName) {
        return ResourcePath.of(EdgeResourceTypes.CLUSTER_NAMESPACE, EdgeResourceTypes.NODE, nodeName);
    }

    /** KubeEdge's type name of the object's kind, or null when the edge does not get that kind. */
    static String typeOf(HasMetadata object) {
        if (object instanceof Pod) {
            return EdgeResourceTypes.POD;
        }
        if (object instanceof ConfigMap) {
            return EdgeResourceTypes.CONFIGMAP;
        }
        if (object instanceof Secret) {
            return EdgeResourceTypes.SECRET;
        }
        if (object instanceof Service) {
            return EdgeResourceTypes.SERVICE;
        }
        if (object instanceof Endpoints) {
            return EdgeResourceTypes.ENDPOINTS;
        }
        if (object instanceof EndpointSlice) {
            return EdgeResourceTypes.ENDPOINTSLICE;
        }
        if (object instanceof Node) {
            return EdgeResourceTypes.NODE;
        }
        return null;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
