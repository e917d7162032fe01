package io.kedge.cloud.mappercontroller;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code kedge.io/v1alpha1} Mapper (CRD {@code cloud-app/deploy/kedge.io_v1alpha1_mapper.yaml}): a
 * mapper bundle, its digest and version, the nodes that get it and how many at a time.
 *
 * <p>Cluster-scoped: a mapper bundle runs in the node's OSGi framework beside its modules and
 * serves the devices of every namespace on that node, so it belongs to the node as a RuntimeClass
 * or a CSIDriver does, not to one namespace. Its bytes are in a ConfigMap the spec names (with its
 * namespace): a custom resource has to stay small (etcd's 1.5 MiB), while a ConfigMap's
 * {@code binaryData} takes a jar as it is and RBAC can guard it apart.
 */
@Group("kedge.io")
@Version("v1alpha1")
@Kind("Mapper")
@Plural("mappers")
public final class Mapper extends CustomResource<MapperSpec, MapperStatus> {
    private static final long serialVersionUID = 1L;

    @Override
    protected MapperSpec initSpec() {
        return new MapperSpec(null, null, null, null, null);
    }

    @Override
    protected MapperStatus initStatus() {
        return MapperStatus.EMPTY;
    }
}
