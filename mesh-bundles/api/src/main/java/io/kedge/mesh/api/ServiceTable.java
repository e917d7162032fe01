package io.kedge.mesh.api;

import java.util.Collection;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's services, as the mesh controller keeps them from the node's store. Reads are cheap
 * and never block (a snapshot is replaced whole on each change); changes are announced to
 * {@link ServiceTableListener} services.
 */
@ProviderType
public interface ServiceTable {

    Optional<MeshService> service(String namespace, String name);

    /** The service whose cluster IP is {@code ip}. */
    Optional<MeshService> byClusterIp(String ip);

    Collection<MeshService> services();

    /** Increases on every change of the table. */
    long revision();
}
