package io.kedge.mesh.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Picks the backend of each new connection or datagram flow, per the service's
 * {@link LoadBalancing}, among ready endpoints that are not being avoided for failed connects
 * (passive health). Thread-safe; never blocks.
 */
@ProviderType
public interface LoadBalancer {

    /**
     * The backend for a connection from {@code client} to {@code port} of {@code service}; empty
     * when the service has no ready endpoint with that port.
     *
     * @param client    the connecting client's address (source IP hashing, session affinity)
     * @param hashValue the value of the service's hash header, when the proxier read one; else null
     */
    Optional<Backend> pick(MeshService service, ServicePort port, String client, String hashValue);

    /** The proxier could not connect to {@code backend}: avoid it for a while. */
    void connectFailed(MeshService service, Backend backend);

    /** The proxier connected to {@code backend}: it is healthy again. */
    void connected(MeshService service, Backend backend);
}
