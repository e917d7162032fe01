package io.kedge.edged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.pods.ContainerSummary;
import io.kedge.api.pods.PodSummary;
import io.kedge.edged.pod.PodSync;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NodePodsViewTest {
    @Test
    void readsStateReadyRestartsAndTheLastTerminationOfEachContainer() throws Exception {
        ObjectNode status = (ObjectNode) new ObjectMapper().readTree("""
                {"phase":"Running","podIP":"10.88.0.4","containerStatuses":[
                  {"name":"a","ready":true,"restartCount":2,"state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}},
                   "lastState":{"terminated":{"reason":"Error","exitCode":3}}},
                  {"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                   "lastState":{}}]}
                """);

        PodSummary pod = NodePodsView.summary(new PodSync.PodView("default", "web", status));

        assertThat(pod.namespace()).isEqualTo("default");
        assertThat(pod.name()).isEqualTo("web");
        assertThat(pod.phase()).isEqualTo("Running");
        assertThat(pod.reason()).isEmpty();
        assertThat(pod.podIp()).isEqualTo("10.88.0.4");
        assertThat(pod.containers()).containsExactly(
                new ContainerSummary("a", "running", "", true, 2, "Error", OptionalInt.of(3)),
                new ContainerSummary("b", "waiting", "CrashLoopBackOff", false, 0, "", OptionalInt.empty()));
    }

    @Test
    void aPendingPodWithoutContainerStatusesKeepsItsReason() throws Exception {
        ObjectNode status = (ObjectNode) new ObjectMapper().readTree("""
                {"phase":"Pending","reason":"RuntimeUnavailable"}
                """);

        PodSummary pod = NodePodsView.summary(new PodSync.PodView("iot", "gw", status));

        assertThat(pod.phase()).isEqualTo("Pending");
        assertThat(pod.reason()).isEqualTo("RuntimeUnavailable");
        assertThat(pod.podIp()).isEmpty();
        assertThat(pod.containers()).isEmpty();
    }
}
