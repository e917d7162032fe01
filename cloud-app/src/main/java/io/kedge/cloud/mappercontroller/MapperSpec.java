package io.kedge.cloud.mappercontroller;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * {@code spec} of a {@link Mapper}.
 *
 * @param bundle       where the jar is
 * @param sha256       its SHA-256 in hex: the cloud sends nothing whose bytes differ, the node checks again
 * @param version      shown in status and on the node (e.g. {@code 1.2.0})
 * @param nodeSelector which edge nodes get it; none selects every edge node
 * @param rollout      how many nodes at a time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MapperSpec(Bundle bundle, String sha256, String version, LabelSelector nodeSelector, Rollout rollout) {

    /** @param configMapRef the ConfigMap whose {@code binaryData[key]} is the jar */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bundle(ConfigMapKey configMapRef) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfigMapKey(String namespace, String name, String key) {
    }

    /** @param batchSize nodes that install at once; the next batch starts once all of them installed (default 1) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rollout(Integer batchSize) {
    }

    int batchSize() {
        return rollout == null || rollout.batchSize() == null || rollout.batchSize() < 1 ? 1 : rollout.batchSize();
    }
}
