package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.runtime.api.ContainerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The preparation used until the volume and env helpers are wired in: literal env values and the
 * basic fieldRefs; a container that mounts a volume or takes env from a configMap or secret waits
 * with {@link PodSpecException#CONFIG_ERROR} saying so, rather than running without it.
 */
public final class EnvOnlyPreparation implements PodPreparation {
    private final String nodeName;
    private final String hostIp;

    public EnvOnlyPreparation(String nodeName, String hostIp) {
        this.nodeName = nodeName;
        this.hostIp = hostIp;
    }

    @Override
    public void prepare(JsonNode pod) {
    }

    @Override
    public List<ContainerSpec.Mount> mounts(JsonNode pod, JsonNode container) throws PodSpecException {
        for (JsonNode mount : container.path("volumeMounts")) {
            throw new PodSpecException(PodSpecException.CONFIG_ERROR, "volume " + mount.path("name").asText()
                    + ": volumes are not supported by this node yet");
        }
        return List.of();
    }

    @Override
    public List<ContainerSpec.EnvVar> env(JsonNode pod, JsonNode container, String podIp) throws PodSpecException {
        if (container.has("envFrom")) {
            throw new PodSpecException(PodSpecException.CONFIG_ERROR, "envFrom is not supported by this node yet");
        }
        List<ContainerSpec.EnvVar> env = new ArrayList<>();
        for (JsonNode var : container.path("env")) {
            String name = var.path("name").asText();
            JsonNode from = var.path("valueFrom");
            env.add(new ContainerSpec.EnvVar(name, from.isMissingNode() ? var.path("value").asText("")
                    : field(pod, name, from.path("fieldRef").path("fieldPath").asText(""), podIp)));
        }
        return env;
    }

    private String field(JsonNode pod, String var, String path, String podIp) throws PodSpecException {
        return switch (path) {
            case "metadata.name" -> Pods.name(pod);
            case "metadata.namespace" -> Pods.namespace(pod);
            case "metadata.uid" -> Pods.uid(pod);
            case "spec.nodeName" -> nodeName;
            case "status.podIP" -> podIp;
            case "status.hostIP" -> hostIp;
            default -> throw new PodSpecException(PodSpecException.CONFIG_ERROR,
                    "env " + var + ": only literal values and basic fieldRefs are supported by this node yet");
        };
    }

    @Override
    public void remove(String podUid) {
    }
}
