package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.runtime.api.PodLabels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading a v1 Pod's JSON: the few fields the reconciler needs, with Kubernetes' defaults. */
final class Pods {
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private Pods() {
    }

    static String uid(JsonNode pod) {
        return pod.path("metadata").path("uid").asText("");
    }

    static String name(JsonNode pod) {
        return pod.path("metadata").path("name").asText("");
    }

    static String namespace(JsonNode pod) {
        return pod.path("metadata").path("namespace").asText("default");
    }

    static String nodeName(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    static boolean terminating(JsonNode pod) {
        return pod.path("metadata").hasNonNull("deletionTimestamp");
    }

    /** Always, OnFailure or Never; Always when absent, as the API server defaults it. */
    static String restartPolicy(JsonNode pod) {
        return pod.path("spec").path("restartPolicy").asText("Always");
    }

    /** metadata.deletionGracePeriodSeconds, else spec.terminationGracePeriodSeconds, else 30 s. */
    static Duration grace(JsonNode pod) {
        JsonNode deletion = pod.path("metadata").path("deletionGracePeriodSeconds");
        if (deletion.canConvertToLong()) {
            return Duration.ofSeconds(Math.max(0, deletion.asLong()));
        }
        JsonNode termination = pod.path("spec").path("terminationGracePeriodSeconds");
        return termination.canConvertToLong() ? Duration.ofSeconds(Math.max(0, termination.asLong())) : DEFAULT_GRACE;
    }

    /** The labels Edged puts on the pod's sandbox, so that it finds it again after a restart. */
    static Map<String, String> labels(JsonNode pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PodLabels.POD_NAME, name(pod));
        labels.put(PodLabels.POD_NAMESPACE, namespace(pod));
        labels.put(PodLabels.POD_UID, uid(pod));
        return labels;
    }

    /** Hash of a container's spec as written; a different hash means the container is recreated. */
    static String hash(JsonNode container) {
        return Integer.toHexString(container.toString().hashCode());
    }
}
