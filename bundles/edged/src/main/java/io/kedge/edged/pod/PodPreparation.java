package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.runtime.api.ContainerSpec;
import java.util.List;

/**
 * What a container needs from the pod spec beyond its command: volumes materialised on the node
 * and the environment resolved from configMaps, secrets and fields. Implemented over
 * {@code io.kedge.edged.volume.PodVolumes} and {@code io.kedge.edged.env.ContainerEnv}.
 */
public interface PodPreparation {

    /** Materialises the pod's volumes (idempotent; refreshes configMap and secret contents). */
    void prepare(JsonNode pod) throws PodSpecException;

    List<ContainerSpec.Mount> mounts(JsonNode pod, JsonNode container) throws PodSpecException;

    List<ContainerSpec.EnvVar> env(JsonNode pod, JsonNode container, String podIp) throws PodSpecException;

    /** Deletes what {@link #prepare} made for the pod. */
    void remove(String podUid);
}
