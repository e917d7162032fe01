package io.kedge.edged.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.edged.probe.ProbeRunner;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.ExecResult;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProbedReadinessTest {
    private final TestPods.MutableClock clock = new TestPods.MutableClock();
    private final AtomicInteger execExit = new AtomicInteger();
    private final FakeRuntime runtime = new FakeRuntime(clock) {
        @Override
        public ExecResult exec(String containerId, List<String> command, Duration timeout) {
            return new ExecResult(execExit.get(), new byte[0], new byte[0]);
        }
    };
    private final ProbedReadiness readiness = new ProbedReadiness(new ProbeRunner(HttpClient.newHttpClient()),
            () -> Optional.of(runtime), clock);

    @Test
    void aTcpReadinessProbeFollowsTheSocketAfterItsThresholds() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ObjectNode pod = TestPods.pod("web", "Always", "main");
            ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
            container.putObject("readinessProbe").put("periodSeconds", 1).put("failureThreshold", 2)
                    .putObject("tcpSocket").put("host", "127.0.0.1").put("port", server.getLocalPort());
            ContainerStatus running = running("c1");

            assertThat(readiness.ready(pod, container, running)).as("open port").isTrue();
            server.close();
            clock.advance(Duration.ofSeconds(1));
            assertThat(readiness.ready(pod, container, running)).as("one failure of two").isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(readiness.ready(pod, container, running)).as("second failure").isFalse();
        }
    }

    @Test
    void aFailingExecLivenessProbeKillsOnlyAfterItsThresholdAndARestartedContainerStartsAfresh() {
        ObjectNode pod = TestPods.pod("worker", "Always", "main");
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
        container.putObject("livenessProbe").put("periodSeconds", 1).put("failureThreshold", 3)
                .putObject("exec").putArray("command").add("check");
        execExit.set(1);
        ContainerStatus first = running("c1");
        assertThat(readiness.alive(pod, container, first)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(readiness.alive(pod, container, first)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(readiness.alive(pod, container, first)).as("third failure").isFalse();

        ContainerStatus restarted = running("c2");
        assertThat(readiness.alive(pod, container, restarted)).as("a new container is not judged by the old one").isTrue();
        assertThat(readiness.ready(pod, container, restarted)).as("no readiness probe: ready when running").isTrue();
    }

    private ContainerStatus running(String id) {
        return new ContainerStatus(id, "s1", "main", 0, ContainerStatus.State.RUNNING, "busybox", "sha256:1",
                clock.instant(), clock.instant(), null, 0, "", "", Map.of());
    }
}
