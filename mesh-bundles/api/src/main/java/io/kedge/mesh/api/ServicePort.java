package io.kedge.mesh.api;

import java.util.Objects;

/**
 * One entry of a Service's spec.ports.
 *
 * @param name       the port's name; empty when the service has a single unnamed port
 * @param protocol   {@code TCP} or {@code UDP} (SCTP is not proxied)
 * @param port       the port on the cluster IP
 * @param targetPort the endpoints' port number, or the name of a container port (resolved per endpoint)
 */
public record ServicePort(String name, String protocol, int port, String targetPort) {

    public ServicePort {
        name = name == null ? "" : name;
        protocol = protocol == null || protocol.isBlank() ? "TCP" : protocol.toUpperCase(java.util.Locale.ROOT);
        Objects.requireNonNull(targetPort, "targetPort");
    }
}
