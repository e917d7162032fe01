package io.kedge.cloud;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kedge.testing.node.EdgeMessages;

/** Small Kubernetes objects for the downstream tests. */
final class KubeObjects {
    private KubeObjects() {
    }

    static Node edgeNode(String name) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels(EdgeMessages.EDGE_ROLE_LABEL, "").endMetadata().build();
    }

    static Pod pod(String namespace, String name, String nodeName) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels("app", "web").endMetadata()
                .withNewSpec().withNodeName(nodeName)
                .addNewContainer().withName("app").withImage("nginx").endContainer()
                .endSpec().build();
    }

    /** A pod mounting {@code configMap} as a volume and reading {@code secret} in an env var. */
    static Pod podUsing(String namespace, String name, String nodeName, String configMap, String secret) {
        return new PodBuilder(pod(namespace, name, nodeName)).editSpec()
                .addNewVolume().withName("conf").withNewConfigMap().withName(configMap).endConfigMap().endVolume()
                .editFirstContainer().addNewEnv().withName("PASSWORD").withNewValueFrom()
                .withNewSecretKeyRef().withName(secret).withKey("password").endSecretKeyRef()
                .endValueFrom().endEnv().endContainer()
                .endSpec().build();
    }

    static ConfigMap configMap(String namespace, String name) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToData("k", "v").build();
    }

    static Secret secret(String namespace, String name) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToStringData("password", "s3cret").build();
    }

    static Service service(String namespace, String name) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build();
    }

    static Endpoints endpoints(String namespace, String name) {
        return new EndpointsBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addNewSubset().addNewAddress().withIp("10.0.0.9").endAddress()
                .addNewPort().withPort(80).endPort().endSubset().build();
    }
}
