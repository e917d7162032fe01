package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.protocol.MessageCodec;

/** Between envelope content (Jackson trees) and fabric8 model objects, with fabric8's own mapping rules. */
final class KubeJson {
    private KubeJson() {
    }

    /** @throws IllegalArgumentException when the tree does not fit the type */
    static <T> T toObject(KubernetesClient client, JsonNode tree, Class<T> type) {
        try {
            return client.getKubernetesSerialization().convertValue(tree, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static JsonNode toTree(KubernetesClient client, Object object) {
        String json = client.getKubernetesSerialization().asJson(object);
        try {
            return MessageCodec.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("fabric8 wrote JSON that Jackson cannot read", e);
        }
    }
}
