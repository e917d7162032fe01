package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kedge.protocol.ResourcePath;
import org.junit.jupiter.api.Test;

class PodReferencesTest {

    @Test
    void findsEveryWayAPodUsesConfigMapsAndSecrets() {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").endMetadata()
                .withNewSpec()
                .addNewVolume().withName("v1").withNewConfigMap().withName("cm-volume").endConfigMap().endVolume()
                .addNewVolume().withName("v2").withNewSecret().withSecretName("secret-volume").endSecret().endVolume()
                .addNewVolume().withName("v3").withNewProjected()
                    .addNewSource().withNewConfigMap().withName("cm-projected").endConfigMap().endSource()
                    .addNewSource().withNewSecret().withName("secret-projected").endSecret().endSource()
                    .addNewSource().withNewServiceAccountToken().withPath("token").endServiceAccountToken().endSource()
                .endProjected().endVolume()
                .addNewVolume().withName("v4").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewContainer().withName("app")
                    .addNewEnv().withName("A").withNewValueFrom().withNewConfigMapKeyRef().withName("cm-env")
                        .withKey("a").endConfigMapKeyRef().endValueFrom().endEnv()
                    .addNewEnv().withName("PLAIN").withValue("x").endEnv()
                    .addNewEnvFrom().withNewSecretRef().withName("secret-envfrom").endSecretRef().endEnvFrom()
                .endContainer()
                .addNewInitContainer().withName("init")
                    .addNewEnvFrom().withNewConfigMapRef().withName("cm-init").endConfigMapRef().endEnvFrom()
                    .addNewEnv().withName("B").withNewValueFrom().withNewSecretKeyRef().withName("secret-init")
                        .withKey("b").endSecretKeyRef().endValueFrom().endEnv()
                .endInitContainer()
                .addNewEphemeralContainer().withName("debug")
                    .addNewEnvFrom().withNewConfigMapRef().withName("cm-ephemeral").endConfigMapRef().endEnvFrom()
                .endEphemeralContainer()
                .addNewImagePullSecret("pull")
                .endSpec().build();

        assertThat(PodReferences.configMapsOf(pod))
                .containsExactlyInAnyOrder("cm-volume", "cm-projected", "cm-env", "cm-init", "cm-ephemeral");
        assertThat(PodReferences.secretsOf(pod)).containsExactlyInAnyOrder("secret-volume", "secret-projected",
                "secret-envfrom", "secret-init", "pull");
        assertThat(PodReferences.keysOf(pod)).contains(ResourcePath.of("ns", "configmap", "cm-env"),
                ResourcePath.of("ns", "secret", "pull")).hasSize(10);
    }

    @Test
    void aPodWithoutSpecOrReferencesNeedsNothing() {
        assertThat(PodReferences.configMapsOf(new Pod())).isEmpty();
        assertThat(PodReferences.keysOf(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("c").endContainer().endSpec().build())).isEmpty();
    }
}
