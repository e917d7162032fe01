package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.SandboxStatus;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
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
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private final List<Long> pids = new ArrayList<>();
    private Path marks;

    @Override
    String nodeName() {
        return NODE;
    }

    @Override
    Map<String, Object> nodeSettings() {
        return Map.of("runtime", "process");
    }

    @Test
    void podsKeepRunningAndNoStatusIsLostAcrossUpdatesOfEdgedAndOfTheRuntime() throws Exception {
        marks = Files.createTempDirectory("kedge-hotswap");
        cloud.answerRequests(true);
        for (String pod : List.of("steady", "finisher", "late")) {
            String script = "echo $$ >> " + marks.resolve(pod) + "; "
                    + (pod.equals("steady") ? "exec sleep 600"
                            : "while [ ! -f " + marks.resolve(pod + ".go") + " ]; do sleep 0.1; done; exit "
                                    + (pod.equals("finisher") ? 7 : 5));
            cloud.connections().get(0).send(podInsert(pod, script));
        }
        for (String pod : List.of("steady", "finisher", "late")) {
            Poll.until(pod + " reported Running", CONVERGE, () -> "Running".equals(phase(pod)));
            pids.add(pid(pod));
        }
        String steadyContainer = containerId("steady");
        long steadyPid = pid("steady");

        // Edged goes away; meanwhile a container ends; Edged comes back as an updated bundle.
        Bundle edged = node.bundle("io.kedge.edged");
        long edgedModified = edged.getLastModified();
        edged.stop();
        Files.createFile(marks.resolve("finisher.go"));
        Poll.until("finisher's process ended", CONVERGE, () -> !alive(pid("finisher")));
        update(edged);
        assertThat(edged.getLastModified()).as("a new revision of Edged").isGreaterThan(edgedModified);
        edged.start();
        Poll.until("finisher's exit, which happened while Edged was away, reported", CONVERGE,
                () -> exitCode("finisher").equals(Optional.of(7)) && "Failed".equals(phase("finisher")));
        assertSteady(steadyContainer, steadyPid);

        // The runtime goes away; meanwhile a container ends; the runtime comes back as an updated bundle.
        Bundle runtime = node.bundle("io.kedge.runtime-process");
        long runtimeModified = runtime.getLastModified();
        runtime.stop();
        Files.createFile(marks.resolve("late.go"));
        Poll.until("late's process ended", CONVERGE, () -> !alive(pid("late")));
        update(runtime);
        assertThat(runtime.getLastModified()).as("a new revision of the runtime").isGreaterThan(runtimeModified);
        runtime.start();
        Poll.until("late's exit, which happened while the runtime was away, reported", CONVERGE,
                () -> exitCode("late").equals(Optional.of(5)) && "Failed".equals(phase("late")));
        Poll.until("steady reported Running again", CONVERGE, () -> "Running".equals(phase("steady")));
        assertSteady(steadyContainer, steadyPid);
        System.out.println("hot swap: phases of steady reported to the cloud: " + phases("steady"));
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
            if (!cloud.connections().isEmpty()) {
                for (String pod : List.of("steady", "finisher", "late")) {
                    cloud.connections().get(cloud.connections().size() - 1).send(podDelete(pod));
                }
                Poll.until("the runtime holds none of this test's pods", CONVERGE, () -> sandboxesOfThisTest().isEmpty());
            }
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private void assertSteady(String containerId, long pid) throws Exception {
        assertThat(alive(pid)).as("steady's process still runs").isTrue();
        assertThat(Files.readAllLines(marks.resolve("steady"))).as("steady started once").hasSize(1);
        JsonNode status = latestStatus("steady").orElseThrow();
        assertThat(status.at("/containerStatuses/0/containerID").asText()).isEqualTo(containerId);
        assertThat(status.at("/containerStatuses/0/restartCount").asInt()).isZero();
    }

    /** Updates the bundle from the jar it was installed from, as an operator would with a new build. */
    private static void update(Bundle bundle) throws Exception {
        String location = bundle.getLocation().replaceFirst("^reference:", "");
        try (InputStream jar = location.contains(":") ? URI.create(location).toURL().openStream()
                : Files.newInputStream(Path.of(location))) {
            bundle.update(jar);
        }
        assertThat(bundle.getState()).isIn(Bundle.INSTALLED, Bundle.RESOLVED);
    }

    private List<SandboxStatus> sandboxesOfThisTest() {
        try {
            var refs = context.getServiceReferences(ContainerRuntime.class, "(" + ContainerRuntime.NAME_PROPERTY + "=process)");
            if (refs.isEmpty()) {
                return List.of(); // cannot tell yet: the poll comes back
            }
            ContainerRuntime runtime = context.getService(refs.iterator().next());
            try {
                return runtime.listSandboxes().stream()
                        .filter(sandbox -> NAMESPACE.equals(sandbox.namespace()))
                        .toList();
            } finally {
                context.ungetService(refs.iterator().next());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long pid(String pod) {
        try {
            return Long.parseLong(Files.readAllLines(marks.resolve(pod)).get(0).trim());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private String phase(String pod) {
        return latestStatus(pod).map(status -> status.path("phase").asText()).orElse("");
    }

    private String containerId(String pod) {
        return latestStatus(pod).map(status -> status.at("/containerStatuses/0/containerID").asText()).orElse("");
    }

    private Optional<Integer> exitCode(String pod) {
        return latestStatus(pod).map(status -> status.at("/containerStatuses/0/state/terminated/exitCode"))
                .filter(JsonNode::isInt).map(JsonNode::asInt);
    }

    private List<String> phases(String pod) {
        return cloud.received().stream()
                .filter(m -> m.resource().equals(NAMESPACE + "/podstatus/" + pod) && m.operation().equals(Operations.UPDATE))
                .map(m -> m.content().path("Status")).map(status -> status.path("phase").asText() + "/"
                        + String.join(",", (Iterable<String>) () -> status.at("/containerStatuses/0/state").fieldNames()))
                .toList();
    }

    /** The last status of {@code pod} the cloud received. */
    private Optional<JsonNode> latestStatus(String pod) {
        List<Message> reports = cloud.received().stream()
                .filter(m -> m.resource().equals(NAMESPACE + "/podstatus/" + pod) && m.operation().equals(Operations.UPDATE))
                .toList();
        return reports.isEmpty() ? Optional.empty() : Optional.of(reports.get(reports.size() - 1).content().path("Status"));
    }

    private static Message podInsert(String name, String script) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("kind", "Pod").put("apiVersion", "v1");
        pod.putObject("metadata").put("name", name).put("namespace", NAMESPACE).put("uid", "uid-hotswap-" + name)
                .put("resourceVersion", "5");
        ObjectNode spec = pod.putObject("spec").put("nodeName", NODE).put("restartPolicy", "Never")
                .put("terminationGracePeriodSeconds", 1);
        ObjectNode container = spec.putArray("containers").addObject().put("name", "main").put("image", "busybox:1");
        container.putArray("command").add("/bin/sh").add("-c").add(script);
        pod.putObject("status").put("phase", "Pending");
        return Message.create("edgecontroller", "resource", NAMESPACE + "/pod/" + name, Operations.INSERT, pod)
                .withResourceVersion("5");
    }

    private static Message podDelete(String name) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("kind", "Pod").put("apiVersion", "v1");
        pod.putObject("metadata").put("name", name).put("namespace", NAMESPACE).put("uid", "uid-hotswap-" + name)
                .put("resourceVersion", "6");
        return Message.create("edgecontroller", "resource", NAMESPACE + "/pod/" + name, Operations.DELETE, pod)
                .withResourceVersion("6");
    }
}
