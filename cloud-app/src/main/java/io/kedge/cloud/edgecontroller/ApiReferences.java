package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.ProtocolException;
import java.util.List;
import java.util.Optional;

/**
 * Whether a pod a node declares refers to API objects (secrets, configMaps, claims, service
 * account tokens) or to an owner: such a pod would hand the node what the cluster never gave it,
 * so a node may not create it (as Kubernetes' NodeRestriction rules for mirror pods).
 */
final class ApiReferences {
    private static final List<String> VOLUME_SOURCES = List.of("secret", "configMap", "persistentVolumeClaim",
            "projected", "ephemeral", "csi");
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private ApiReferences() {
    }

    /** @return why the pod may not be declared by a node; empty when it refers to nothing */
    static Optional<String> of(JsonNode pod) {
        if (pod.path("metadata").path("ownerReferences").size() > 0) {
            return forbidden("has owner references");
        }
        JsonNode spec = pod.path("spec");
        String serviceAccount = spec.path("serviceAccountName").asText("");
        if (!serviceAccount.isEmpty() && !serviceAccount.equals("default")) {
            return forbidden("names service account " + serviceAccount);
        }
        for (JsonNode volume : spec.path("volumes")) {
            for (String source : VOLUME_SOURCES) {
                if (volume.has(source)) {
                    return forbidden("mounts a " + source + " volume");
                }
            }
        }
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : spec.path(list)) {
                if (container.path("envFrom").size() > 0) {
                    return forbidden("takes env from an API object");
                }
                for (JsonNode env : container.path("env")) {
                    JsonNode from = env.path("valueFrom");
                    if (from.has("secretKeyRef") || from.has("configMapKeyRef")) {
                        return forbidden("takes env from an API object");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> forbidden(String what) {
        return Optional.of(ProtocolException.Reason.FORBIDDEN + ": a node's pod " + what);
    }
}
