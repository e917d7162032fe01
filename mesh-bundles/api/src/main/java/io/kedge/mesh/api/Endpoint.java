package io.kedge.mesh.api;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One address behind a Service.
 *
 * @param ip       the pod's (or host's) IP address
 * @param ports    the endpoint's port numbers by service port name (empty name for an unnamed port)
 * @param ready    whether it takes traffic (conditions.ready of an EndpointSlice, addresses vs notReadyAddresses of Endpoints)
 * @param podName  the pod it belongs to (targetRef), empty when not a pod
 * @param hostname spec.hostname of the pod, for headless DNS records; may be empty
 * @param nodeName the node the endpoint runs on; may be empty
 */
public record Endpoint(String ip, Map<String, Integer> ports, boolean ready, String podName, String hostname,
        String nodeName) {

    public Endpoint {
        Objects.requireNonNull(ip, "ip");
        ports = Map.copyOf(ports);
        podName = podName == null ? "" : podName;
        hostname = hostname == null ? "" : hostname;
        nodeName = nodeName == null ? "" : nodeName;
    }

    /** The endpoint's port for the service port named {@code portName}. */
    public OptionalInt port(String portName) {
        Integer port = ports.get(portName == null ? "" : portName);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }
}
