package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.itest.support.CloudPods;
import io.kedge.itest.support.Poll;
import io.kedge.runtime.api.ContainerRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Edged and the process runtime are updated ({@link Bundle#update}) while pods run: the pods keep
 * running (same process, same container id, no restart), and a container that ends while Edged or
 * the runtime is away has its end reported to the cloud once they are back.
 */
class PodsHotSwapTest extends ConnectedNodeTest {
    private static final String NODE = "itest-hotswap";
    private static final String NAMESPACE = "hotswap-itest";
    private static final List<String> PODS = List.of("steady", "finisher", "late");
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private final List<Long> pids = new ArrayList<>();
    private CloudPods pods;
    private Path marks;

    @Override
    String nodeName() {
        return NODE;
    }

    @Override
    Map<String, Object> nodeSettings() {
        return Map.of("runtime", "process");
    }

    @BeforeEach
    void podsRunning() throws Exception {
        marks = Files.createTempDirectory("kedge-hotswap");
        pods = new CloudPods(cloud, NAMESPACE, NODE);
        cloud.answerRequests(true);
        pods.insert(pods.pod("steady", "Never", "echo $$ >> " + marks.resolve("steady") + "; exec sleep 600"));
        pods.insert(pods.pod("finisher", "Never", waitThenExit("finisher", 7)));
        pods.insert(pods.pod("late", "Never", waitThenExit("late", 5)));
        for (String pod : PODS) {
            Poll.until(pod + " reported Running", CONVERGE, () -> "Running".equals(pods.phase(pod)) && pid(pod) > 0);
            pids.add(pid(pod));
        }
    }

    @Test
    void podsKeepRunningAndNoStatusIsLostAcrossUpdatesOfEdgedAndOfTheRuntime() throws Exception {
        String steadyContainer = pods.container("steady", "/containerID");
        long steadyPid = pid("steady");

        // Edged goes away; meanwhile a container ends; Edged comes back as an updated bundle.
        int reportedBefore = pods.statuses("steady").size();
        Bundle edged = node.bundle("io.kedge.edged");
        long edgedModified = edged.getLastModified();
        edged.stop();
        Files.createFile(marks.resolve("finisher.go"));
        Poll.until("finisher's process ended", CONVERGE, () -> !alive(pid("finisher")));
        node.update(edged);
        assertThat(edged.getLastModified()).as("a new revision of Edged").isGreaterThan(edgedModified);
        edged.start();
        Poll.until("finisher's exit, which happened while Edged was away, reported", CONVERGE,
                () -> pods.exitCode("finisher").equals(Optional.of(7)) && "Failed".equals(pods.phase("finisher")));
        List<JsonNode> acrossTheUpdate = pods.statuses("steady");
        assertThat(acrossTheUpdate.subList(reportedBefore, acrossTheUpdate.size()))
                .as("steady's statuses reported while Edged stopped, was updated and started")
                .allSatisfy(status -> assertThat(status.path("phase").asText()).isEqualTo("Running"));
        assertSteady(steadyContainer, steadyPid);

        // The runtime goes away; meanwhile a container ends; the runtime comes back as an updated bundle.
        Bundle runtime = node.bundle("io.kedge.runtime-process");
        long runtimeModified = runtime.getLastModified();
        runtime.stop();
        Files.createFile(marks.resolve("late.go"));
        Poll.until("late's process ended", CONVERGE, () -> !alive(pid("late")));
        node.update(runtime);
        assertThat(runtime.getLastModified()).as("a new revision of the runtime").isGreaterThan(runtimeModified);
        runtime.start();
        Poll.until("late's exit, which happened while the runtime was away, reported", CONVERGE,
                () -> pods.exitCode("late").equals(Optional.of(5)) && "Failed".equals(pods.phase("late")));
        Poll.until("steady reported Running again", CONVERGE, () -> "Running".equals(pods.phase("steady")));
        assertSteady(steadyContainer, steadyPid);
        System.out.println("hot swap (process runtime): statuses of steady reported: " + pods.phases("steady"));
    }

    @AfterEach
    void deletePods() throws Exception {
        for (String symbolicName : List.of("io.kedge.runtime-process", "io.kedge.edged")) {
            Bundle bundle = node.bundle(symbolicName);
            if (bundle.getState() != Bundle.ACTIVE) {
                bundle.start();
            }
        }
        try {
            PODS.forEach(pods::delete);
            Poll.until("the runtime holds none of this test's pods", CONVERGE, this::noSandboxOfThisTest);
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private void assertSteady(String containerId, long pid) throws Exception {
        assertThat(alive(pid)).as("steady's process still runs").isTrue();
        assertThat(Files.readAllLines(marks.resolve("steady"))).as("steady started once").hasSize(1);
        JsonNode status = pods.latestStatus("steady").orElseThrow();
        assertThat(status.at("/containerStatuses/0/containerID").asText()).isEqualTo(containerId);
        assertThat(status.at("/containerStatuses/0/restartCount").asInt()).isZero();
    }

    private String waitThenExit(String pod, int code) {
        return "echo $$ >> " + marks.resolve(pod) + "; while [ ! -f " + marks.resolve(pod + ".go")
                + " ]; do sleep 0.1; done; exit " + code;
    }

    /** Whether the process runtime is bound and holds no sandbox of this test's pods. */
    private boolean noSandboxOfThisTest() {
        try {
            var refs = context.getServiceReferences(ContainerRuntime.class, "(" + ContainerRuntime.NAME_PROPERTY + "=process)");
            if (refs.isEmpty()) {
                return false;
            }
            ContainerRuntime runtime = context.getService(refs.iterator().next());
            try {
                return runtime.listSandboxes().stream().noneMatch(sandbox -> NAMESPACE.equals(sandbox.namespace()));
            } finally {
                context.ungetService(refs.iterator().next());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The pid the pod's shell wrote first, or -1 before it did. */
    private long pid(String pod) {
        try {
            List<String> lines = Files.readAllLines(marks.resolve(pod));
            return lines.isEmpty() || lines.get(0).isBlank() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
