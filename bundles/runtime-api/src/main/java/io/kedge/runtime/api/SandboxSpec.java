package io.kedge.runtime.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a pod's sandbox needs.
 *
 * @param podName      metadata.name
 * @param namespace    metadata.namespace
 * @param podUid       metadata.uid: with {@code attempt} it tells sandboxes of the same pod apart
 * @param attempt      0 for the first sandbox of this pod, then one more each time it is recreated
 * @param hostname     the pod's hostname (spec.hostname, else its name)
 * @param hostNetwork  true when the pod shares the node's network (no own IP)
 * @param labels       labels the runtime keeps and returns in {@link SandboxStatus} (Edged's own keys included)
 * @param annotations  annotations the runtime keeps
 * @param logDirectory the folder where the containers' logs go
 * @param ports        the ports its containers declare
 */
public record SandboxSpec(String podName, String namespace, String podUid, int attempt, String hostname,
        boolean hostNetwork, Map<String, String> labels, Map<String, String> annotations, String logDirectory,
        List<PortMapping> ports) {

    public SandboxSpec {
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(podUid, "podUid");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        ports = List.copyOf(ports);
    }

    /**
     * A declared container port.
     *
     * @param protocol TCP, UDP or SCTP
     * @param hostPort 0 when not published on the node
     */
    public record PortMapping(String protocol, int containerPort, int hostPort) {
    }
}
