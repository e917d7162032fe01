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
    /** Exit code per probe command; commands not named exit with {@link #execExit}. */
    private final Map<String, Integer> exitCodes = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> probed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FakeRuntime runtime = new FakeRuntime(clock) {
        @Override
        public ExecResult exec(String containerId, List<String> command, Duration timeout) {
            probed.add(command.get(0));
            return new ExecResult(exitCodes.getOrDefault(command.get(0), execExit.get()), new byte[0], new byte[0]);
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

    @Test
    void aStartupProbeHoldsLivenessAndReadinessBackUntilItSucceedsAndThenIsNotRunAgain() {
        ObjectNode pod = TestPods.pod("slow", "Always", "main");
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
        container.putObject("startupProbe").put("periodSeconds", 1).put("failureThreshold", 5)
                .putObject("exec").putArray("command").add("started");
        container.putObject("livenessProbe").put("periodSeconds", 1).put("failureThreshold", 1)
                .putObject("exec").putArray("command").add("alive");
        container.putObject("readinessProbe").put("periodSeconds", 1)
                .putObject("exec").putArray("command").add("ready");
        exitCodes.put("started", 1);
        exitCodes.put("alive", 1); // would kill at once, were it probed
        ContainerStatus running = running("c1");

        for (int second = 0; second < 3; second++) {
            assertThat(readiness.alive(pod, container, running)).as("starting, second %s", second).isTrue();
            assertThat(readiness.started(pod, container, running)).isFalse();
            assertThat(readiness.ready(pod, container, running)).isFalse();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(probed).containsOnly("started");

        exitCodes.put("started", 0);
        exitCodes.put("alive", 0);
        assertThat(readiness.alive(pod, container, running)).isTrue();
        assertThat(readiness.started(pod, container, running)).isTrue();
        assertThat(readiness.ready(pod, container, running)).isTrue();
        int startupRuns = java.util.Collections.frequency(probed, "started");

        exitCodes.put("started", 1); // a started container is never judged by its startup probe again
        for (int second = 0; second < 3; second++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(readiness.alive(pod, container, running)).isTrue();
            assertThat(readiness.started(pod, container, running)).isTrue();
        }
        assertThat(java.util.Collections.frequency(probed, "started")).isEqualTo(startupRuns);
        assertThat(probed).contains("alive", "ready");
    }

    @Test
    void aStartupProbeFailingItsThresholdMeansRestartAndTheNewContainerStartsAgain() {
        ObjectNode pod = TestPods.pod("stuck", "Always", "main");
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
        container.putObject("startupProbe").put("periodSeconds", 1).put("failureThreshold", 2)
                .putObject("exec").putArray("command").add("started");
        exitCodes.put("started", 1);
        ContainerStatus first = running("c1");

        assertThat(readiness.alive(pod, container, first)).as("one failure of two").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(readiness.alive(pod, container, first)).as("second failure: restart").isFalse();
        assertThat(readiness.started(pod, container, first)).isFalse();

        ContainerStatus restarted = running("c2");
        assertThat(readiness.alive(pod, container, restarted)).as("a new container has its own thresholds").isTrue();
    }

    @Test
    void aPodWhoseStartupProbeFailsIsRestartedAndOneThatStartsBecomesReady() {
        PodReconciler reconciler = new PodReconciler(() -> Optional.of(runtime), "fake",
                new TestPods.PlainPreparation(), readiness, clock, "192.168.1.5", "/tmp/logs");
        ObjectNode pod = TestPods.pod("slow", "Always", "main");
        ((ObjectNode) pod.path("spec").path("containers").get(0)).putObject("startupProbe").put("periodSeconds", 1)
                .put("failureThreshold", 2).putObject("exec").putArray("command").add("started");
        exitCodes.put("started", 1);

        var starting = reconciler.reconcile(pod);
        assertThat(TestPods.containerStatus(starting, "main").path("started").asBoolean()).isFalse();
        assertThat(TestPods.containerStatus(starting, "main").path("ready").asBoolean()).isFalse();
        assertThat(TestPods.condition(starting, "Ready").path("status").asText()).isEqualTo("False");

        clock.advance(Duration.ofSeconds(1));
        var restarted = reconciler.reconcile(pod);
        assertThat(TestPods.containerStatus(restarted, "main").path("restartCount").asInt()).isEqualTo(1);

        exitCodes.put("started", 0);
        clock.advance(Duration.ofSeconds(1));
        var started = reconciler.reconcile(pod);
        assertThat(TestPods.containerStatus(started, "main").path("started").asBoolean()).isTrue();
        assertThat(TestPods.condition(started, "Ready").path("status").asText()).isEqualTo("True");
    }

    private ContainerStatus running(String id) {
        return new ContainerStatus(id, "s1", "main", 0, ContainerStatus.State.RUNNING, "busybox", "sha256:1",
                clock.instant(), clock.instant(), null, 0, "", "", Map.of());
    }
}
