package io.kedge.mesh.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes Service as the mesh serves it.
 *
 * @param namespace     its namespace
 * @param name          its name
 * @param clusterIp     spec.clusterIP; empty for a headless service ({@code clusterIP: None}) or one not given an IP yet
 * @param ports         spec.ports
 * @param endpoints     the addresses behind it, ready or not (from its EndpointSlices, else its Endpoints)
 * @param loadBalancing how connections are spread over the ready endpoints
 */
public record MeshService(String namespace, String name, String clusterIp, List<ServicePort> ports,
        List<Endpoint> endpoints, LoadBalancing loadBalancing) {

    public MeshService {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        clusterIp = clusterIp == null ? "" : clusterIp;
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(loadBalancing, "loadBalancing");
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    /** A headless service has no cluster IP: its name resolves to the ready endpoints' addresses. */
    public boolean headless() {
        return clusterIp.isEmpty();
    }

    public List<Endpoint> readyEndpoints() {
        return endpoints.stream().filter(Endpoint::ready).toList();
    }

    public Optional<ServicePort> port(String protocol, int port) {
        return ports.stream().filter(p -> p.port() == port && p.protocol().equalsIgnoreCase(protocol)).findFirst();
    }
}
