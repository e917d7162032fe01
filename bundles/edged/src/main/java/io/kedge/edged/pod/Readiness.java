package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.runtime.api.ContainerStatus;

/** Whether a running container is ready; the probe machinery answers for containers with a readinessProbe. */
public interface Readiness {

    boolean ready(JsonNode pod, JsonNode container, ContainerStatus running);

    /** Without probes: a running container without a readinessProbe is ready, one with a probe is not yet. */
    Readiness WITHOUT_PROBES = (pod, container, running) -> !container.has("readinessProbe");
}
