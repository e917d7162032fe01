package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaStore;
import io.kedge.edged.env.ContainerEnv;
import io.kedge.edged.env.PodJson;
import io.kedge.edged.probe.ProbeSpec;
import io.kedge.edged.volume.PodVolumes;
import io.kedge.runtime.api.ContainerSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pod spec made concrete on this node: volumes materialised by {@link PodVolumes}, env resolved
 * by {@link ContainerEnv} from the store, probes checked before anything is created (an invalid probe
 * is a waiting reason, not a container that can never become ready).
 */
public final class SpecPreparation implements PodPreparation {
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");

    private final PodVolumes volumes;
    private final MetaStore store;
    private final String nodeName;
    private final String hostIp;
    private final Map<String, Map<String, Path>> volumesByPod = new ConcurrentHashMap<>();

    public SpecPreparation(PodVolumes volumes, MetaStore store, String nodeName, String hostIp) {
        this.volumes = volumes;
        this.store = store;
        this.nodeName = nodeName;
        this.hostIp = hostIp;
    }

    @Override
    public void prepare(JsonNode pod) throws PodSpecException {
        for (String kind : List.of("initContainers", "containers")) {
            for (JsonNode container : pod.path("spec").path(kind)) {
                for (String probe : PROBES) {
                    if (container.hasNonNull(probe)) {
                        try {
                            ProbeSpec spec = ProbeSpec.parse(container.get(probe), container);
                            if (!"readinessProbe".equals(probe) && spec.successThreshold() != 1) {
                                throw PodJson.invalid("successThreshold must be 1"); // as the API server validates
                            }
                        } catch (PodSpecException e) {
                            throw new PodSpecException(PodSpecException.INVALID_SPEC, "container "
                                    + container.path("name").asText() + ": " + probe + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        volumesByPod.put(Pods.uid(pod), volumes.prepare(pod));
    }

    @Override
    public List<ContainerSpec.Mount> mounts(JsonNode pod, JsonNode container) throws PodSpecException {
        Map<String, Path> prepared = volumesByPod.get(Pods.uid(pod));
        if (prepared == null) {
            prepare(pod);
            prepared = volumesByPod.get(Pods.uid(pod));
        }
        return volumes.mounts(container, prepared);
    }

    @Override
    public List<ContainerSpec.EnvVar> env(JsonNode pod, JsonNode container, String podIp) throws PodSpecException {
        return ContainerEnv.resolve(pod, container, store, nodeName, podIp, hostIp);
    }

    @Override
    public void remove(String podUid) {
        volumesByPod.remove(podUid);
        volumes.remove(podUid);
    }
}
