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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every kind the cloud sends edge nodes: one informer each, the key of each informed object, the
 * names a delete carries, and the types a node's inventory may list. The built-in kinds come
 * first; a controller adds its own ({@link #with}).
 */
public final class EdgeKinds {
    /** Pods, configmaps, secrets, services, endpoints, endpointslices and nodes. */
    public static final EdgeKinds STANDARD = new EdgeKinds(List.of(
            EdgeKind.typed(EdgeResourceTypes.POD, Pod.class, false, client -> client.pods().inAnyNamespace()),
            EdgeKind.typed(EdgeResourceTypes.CONFIGMAP, ConfigMap.class, false,
                    client -> client.configMaps().inAnyNamespace()),
            EdgeKind.typed(EdgeResourceTypes.SECRET, Secret.class, false, client -> client.secrets().inAnyNamespace()),
            EdgeKind.typed(EdgeResourceTypes.SERVICE, Service.class, false,
                    client -> client.services().inAnyNamespace()),
            EdgeKind.typed(EdgeResourceTypes.ENDPOINTS, Endpoints.class, false,
                    client -> client.endpoints().inAnyNamespace()),
            EdgeKind.typed(EdgeResourceTypes.ENDPOINTSLICE, EndpointSlice.class, false,
                    client -> client.discovery().v1().endpointSlices().inAnyNamespace()),
            EdgeKind.typed(EdgeResourceTypes.NODE, Node.class, true, client -> client.nodes())));

    private final List<EdgeKind> kinds;

    private EdgeKinds(List<EdgeKind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** These kinds and {@code added}; @throws IllegalArgumentException when a resource type is taken */
    public EdgeKinds with(List<EdgeKind> added) {
        List<EdgeKind> all = new ArrayList<>(kinds);
        for (EdgeKind kind : added) {
            if (all.stream().anyMatch(k -> k.resourceType().equals(kind.resourceType()))) {
                throw new IllegalArgumentException("resource type '" + kind.resourceType() + "' is sent already");
            }
            all.add(kind);
        }
        return new EdgeKinds(all);
    }

    List<EdgeKind> all() {
        return kinds;
    }

    Optional<EdgeKind> byType(String resourceType) {
        return kinds.stream().filter(kind -> kind.resourceType().equals(resourceType)).findFirst();
    }

    /** Whether a node can ever be sent objects of {@code type}; an inventory entry of any other type is noise. */
    boolean isSent(String resourceType) {
        return byType(resourceType).isPresent();
    }

    /** @return empty for kinds the edge does not get and for objects without namespace or name */
    Optional<ResourcePath> keyOf(HasMetadata object) {
        ObjectMeta meta = object == null ? null : object.getMetadata();
        Optional<EdgeKind> kind = object == null ? Optional.empty()
                : kinds.stream().filter(k -> k.matches().test(object)).findFirst();
        if (kind.isEmpty() || meta == null || isBlank(meta.getName())) {
            return Optional.empty();
        }
        String namespace = kind.get().clusterScoped() ? EdgeResourceTypes.CLUSTER_NAMESPACE : meta.getNamespace();
        if (isBlank(namespace)) {
            return Optional.empty();
        }
        return Optional.of(ResourcePath.of(namespace, kind.get().resourceType(), meta.getName()));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
