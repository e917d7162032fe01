package io.kedge.api.pods;

import java.util.List;

/**
 * One pod as last reported.
 *
 * @param namespace  its namespace
 * @param name       its name
 * @param phase      Pending, Running, Succeeded, Failed or Unknown
 * @param reason     the pod-level reason when there is one (e.g. RuntimeUnavailable), else empty
 * @param podIp      its IP, empty until it has one
 * @param containers its containers in spec order (init containers not included)
 */
public record PodSummary(String namespace, String name, String phase, String reason, String podIp,
        List<ContainerSummary> containers) {
    public PodSummary {
        containers = List.copyOf(containers);
    }
}
