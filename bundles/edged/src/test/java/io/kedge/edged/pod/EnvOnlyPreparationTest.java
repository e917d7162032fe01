package io.kedge.edged.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.runtime.api.ContainerSpec;
import org.junit.jupiter.api.Test;

class EnvOnlyPreparationTest {
    private final EnvOnlyPreparation preparation = new EnvOnlyPreparation("edge-1", "192.168.1.5");

    @Test
    void literalValuesAndBasicFieldRefs() throws Exception {
        ObjectNode pod = TestPods.pod("web", "Always", "app");
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
        container.withArray("env").addObject().put("name", "MODE").put("value", "edge");
        container.withArray("env").addObject().put("name", "POD").putObject("valueFrom").putObject("fieldRef")
                .put("fieldPath", "metadata.name");
        container.withArray("env").addObject().put("name", "NODE").putObject("valueFrom").putObject("fieldRef")
                .put("fieldPath", "spec.nodeName");
        container.withArray("env").addObject().put("name", "IP").putObject("valueFrom").putObject("fieldRef")
                .put("fieldPath", "status.podIP");

        assertThat(preparation.env(pod, container, "10.88.0.2")).containsExactly(new ContainerSpec.EnvVar("MODE", "edge"),
                new ContainerSpec.EnvVar("POD", "web"), new ContainerSpec.EnvVar("NODE", "edge-1"),
                new ContainerSpec.EnvVar("IP", "10.88.0.2"));
    }

    @Test
    void whatItCannotProvideIsAConfigErrorNotASilentGap() {
        ObjectNode pod = TestPods.pod("web", "Always", "app");
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
        container.withArray("volumeMounts").addObject().put("name", "cfg").put("mountPath", "/etc/cfg");
        container.withArray("env").addObject().put("name", "K").putObject("valueFrom").putObject("configMapKeyRef")
                .put("name", "cfg").put("key", "k");

        assertThatThrownBy(() -> preparation.mounts(pod, container)).isInstanceOf(PodSpecException.class)
                .hasMessageContaining("volume cfg");
        assertThatThrownBy(() -> preparation.env(pod, container, "")).isInstanceOf(PodSpecException.class)
                .satisfies(e -> assertThat(((PodSpecException) e).reason()).isEqualTo(PodSpecException.CONFIG_ERROR));
    }
}
