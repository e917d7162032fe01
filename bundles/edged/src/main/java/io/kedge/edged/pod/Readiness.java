package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.runtime.api.ContainerStatus;

/**
 * What probes say of a running container: started (startupProbe), ready (readinessProbe) and alive
 * (livenessProbe, or a startupProbe that failed its threshold). The
 * probe machinery ({@code io.kedge.edged.probe}) implements this with a ProbeTracker per container.
 */
public interface Readiness {

    boolean ready(JsonNode pod, JsonNode container, ContainerStatus running);

    /** Whether the container has started: it has no startupProbe, or that probe succeeded once. */
    default boolean started(JsonNode pod, JsonNode container, ContainerStatus running) {
        return !container.hasNonNull("startupProbe");
    }

    /**
     * False once the liveness probe, or the startup probe before it succeeded, failed its threshold:
     * the container is stopped and restarted per policy.
     */
    default boolean alive(JsonNode pod, JsonNode container, ContainerStatus running) {
        return true;
    }

    /** The pod is gone: drop what was kept for its containers. */
    default void forget(String podUid) {
    }

    /** Without probes: a running container without a readinessProbe is ready, one with a probe is not yet. */
    Readiness WITHOUT_PROBES = (pod, container, running) -> !container.has("readinessProbe");
}
