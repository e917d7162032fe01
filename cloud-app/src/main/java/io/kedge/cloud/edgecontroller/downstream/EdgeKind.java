package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.kedge.protocol.ResourceTypes;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One kind of Kubernetes object the cloud sends edge nodes: the resource type its keys carry, its
 * apiVersion and kind (a delete names them), which informed objects are of it, and where its
 * informer lists them.
 *
 * @param clusterScoped objects without a namespace, keyed under {@link EdgeResourceTypes#CLUSTER_NAMESPACE}
 */
public record EdgeKind(String resourceType, String apiVersion, String kind, boolean clusterScoped,
        Predicate<HasMetadata> matches, Function<KubernetesClient, Informable<? extends HasMetadata>> source) {

    public EdgeKind {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(matches, "matches");
        Objects.requireNonNull(source, "source");
    }

    /** A kind with a model class (fabric8's, or a custom resource's) whose type the protocol names. */
    public static <T extends HasMetadata> EdgeKind typed(String resourceType, Class<T> type, boolean clusterScoped,
            Function<KubernetesClient, Informable<T>> source) {
        ResourceTypes.Kind kind = ResourceTypes.kindOf(resourceType).orElseThrow();
        return new EdgeKind(resourceType, kind.apiVersion(), kind.kind(), clusterScoped, type::isInstance,
                source::apply);
    }

    /** A namespaced custom kind without a model class, read as {@link GenericKubernetesResource}. */
    public static EdgeKind custom(String resourceType, String apiVersion, String kind) {
        return new EdgeKind(resourceType, apiVersion, kind, false,
                object -> object instanceof GenericKubernetesResource
                        && kind.equals(object.getKind()) && apiVersion.equals(object.getApiVersion()),
                client -> client.genericKubernetesResources(apiVersion, kind).inAnyNamespace());
    }

    ResourceTypes.Kind names() {
        return new ResourceTypes.Kind(apiVersion, kind);
    }
}
