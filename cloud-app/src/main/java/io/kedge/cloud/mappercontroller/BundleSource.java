package io.kedge.cloud.mappercontroller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.protocol.mapper.MapperBundle;
import java.util.Base64;

/**
 * Reads a Mapper's jar from the ConfigMap its spec names ({@code binaryData[key]}) and makes the
 * request the nodes get. The cloud checks the digest too: it sends nothing whose bytes are not the
 * ones the spec names, so a wrong ConfigMap stops the rollout before any node is touched.
 */
final class BundleSource {
    private final KubernetesClient client;

    BundleSource(KubernetesClient client) {
        this.client = client;
    }

    /** @throws IllegalArgumentException with the reason for the Mapper's status */
    MapperBundle load(Mapper mapper) {
        MapperSpec spec = mapper.getSpec();
        String name = mapper.getMetadata().getName();
        MapperSpec.ConfigMapKey ref = spec == null || spec.bundle() == null ? null : spec.bundle().configMapRef();
        if (ref == null || ref.namespace() == null || ref.name() == null || ref.key() == null) {
            throw new IllegalArgumentException("spec.bundle.configMapRef needs namespace, name and key");
        }
        if (spec.sha256() == null || spec.version() == null) {
            throw new IllegalArgumentException("spec.sha256 and spec.version are required");
        }
        ConfigMap configMap;
        try {
            configMap = client.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
        } catch (KubernetesClientException e) {
            throw new IllegalArgumentException("cannot read ConfigMap " + ref.namespace() + "/" + ref.name() + ": "
                    + e.getMessage(), e);
        }
        String base64 = configMap == null || configMap.getBinaryData() == null ? null
                : configMap.getBinaryData().get(ref.key());
        if (base64 == null) {
            throw new IllegalArgumentException("ConfigMap " + ref.namespace() + "/" + ref.name() + " has no binaryData key "
                    + ref.key());
        }
        byte[] jar = Base64.getMimeDecoder().decode(base64);
        String actual = MapperBundle.sha256Of(jar);
        if (!actual.equalsIgnoreCase(spec.sha256())) {
            throw new IllegalArgumentException("digest mismatch: ConfigMap " + ref.namespace() + "/" + ref.name() + " key "
                    + ref.key() + " has SHA-256 " + actual + ", spec.sha256 is " + spec.sha256());
        }
        Long generation = mapper.getMetadata().getGeneration();
        return new MapperBundle(name, spec.version(), spec.sha256(), generation == null || generation < 1 ? 1 : generation,
                jar);
    }
}
