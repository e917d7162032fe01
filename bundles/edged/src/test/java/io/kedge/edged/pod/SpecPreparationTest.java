package io.kedge.edged.pod;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.edged.testing.MapMetaStore;
import io.kedge.edged.volume.HostPathPolicy;
import io.kedge.edged.volume.PodVolumes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecPreparationTest {
    @TempDir
    Path pods;

    @Test
    void startupAndLivenessProbesSucceedOnceReadinessMayAskMore() {
        SpecPreparation preparation = new SpecPreparation(new PodVolumes(pods, new MapMetaStore(),
                HostPathPolicy.of(new String[0])), new MapMetaStore(), TestPods.NODE, "192.168.1.5");

        assertThatThrownBy(() -> preparation.prepare(withProbe("startupProbe", 2)))
                .isInstanceOfSatisfying(PodSpecException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains("startupProbe")
                                .contains("successThreshold must be 1"));
        assertThatThrownBy(() -> preparation.prepare(withProbe("livenessProbe", 3))).isInstanceOf(PodSpecException.class);
        assertThatCode(() -> preparation.prepare(withProbe("readinessProbe", 2))).doesNotThrowAnyException();
        assertThatCode(() -> preparation.prepare(withProbe("startupProbe", 1))).doesNotThrowAnyException();
    }

    private static ObjectNode withProbe(String kind, int successThreshold) {
        ObjectNode pod = TestPods.pod("web", "Always", "app");
        ((ObjectNode) pod.path("spec").path("containers").get(0)).putObject(kind)
                .put("successThreshold", successThreshold).putObject("exec").putArray("command").add("true");
        return pod;
    }
}
