package io.kedge.edged.pod;

import static io.kedge.edged.pod.TestPods.condition;
import static io.kedge.edged.pod.TestPods.containerStatus;
import static io.kedge.edged.pod.TestPods.pod;
import static io.kedge.edged.pod.TestPods.withInit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.ContainerStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PodReconcilerTest {
    private final TestPods.MutableClock clock = new TestPods.MutableClock();
    private final FakeRuntime runtime = new FakeRuntime(clock);
    private final AtomicReference<ContainerRuntime> bound = new AtomicReference<>(runtime);
    private final TestPods.PlainPreparation preparation = new TestPods.PlainPreparation();
    private final PodReconciler reconciler = new PodReconciler(() -> Optional.ofNullable(bound.get()), "fake",
            preparation, Readiness.WITHOUT_PROBES, clock, "192.168.1.5", "/tmp/logs");

    @Test
    void runsAPodAndReportsTheV1StatusShape() {
        JsonNode status = pass(pod("web", "Always", "app"));

        assertThat(status.path("phase").asText()).isEqualTo("Running");
        for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
            assertThat(condition(status, type).path("status").asText()).as(type).isEqualTo("True");
            assertThat(condition(status, type).path("lastTransitionTime").asText()).isEqualTo("2026-01-01T00:00:00Z");
        }
        assertThat(status.path("podIP").asText()).startsWith("10.88.0.");
        assertThat(status.path("podIPs").get(0).path("ip").asText()).isEqualTo(status.path("podIP").asText());
        assertThat(status.path("hostIP").asText()).isEqualTo("192.168.1.5");
        assertThat(status.path("startTime").asText()).isEqualTo("2026-01-01T00:00:00Z");
        JsonNode app = containerStatus(status, "app");
        assertThat(app.path("state").path("running").path("startedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(app.path("ready").asBoolean()).isTrue();
        assertThat(app.path("started").asBoolean()).isTrue();
        assertThat(app.path("restartCount").asInt()).isZero();
        assertThat(app.path("image").asText()).isEqualTo("busybox:1.36");
        assertThat(app.path("imageID").asText()).startsWith("sha256:");
        assertThat(app.path("containerID").asText()).matches("fake://c\\d+");
        assertThat(app.path("lastState").isObject()).isTrue();

        // level-triggered: a second pass changes nothing in the runtime
        pass(pod("web", "Always", "app"));
        assertThat(runtime.sandboxes).hasSize(1);
        assertThat(runtime.containers).hasSize(1);
    }

    @Test
    void readinessProbeKeepsTheContainerUnreadyUntilProbed() {
        ObjectNode pod = pod("web", "Always", "app");
        ((ObjectNode) pod.path("spec").path("containers").get(0)).putObject("readinessProbe").putObject("tcpSocket")
                .put("port", 80);
        JsonNode status = pass(pod);
        assertThat(status.path("phase").asText()).isEqualTo("Running");
        assertThat(condition(status, "Ready").path("status").asText()).isEqualTo("False");
        assertThat(condition(status, "Ready").path("reason").asText()).isEqualTo("ContainersNotReady");
    }

    @Test
    void initContainersRunOneAfterTheOtherBeforeTheApp() {
        ObjectNode pod = withInit(pod("web", "Always", "app"), "first", "second");

        JsonNode status = pass(pod);
        assertThat(runtime.started).containsExactly("first");
        assertThat(status.path("phase").asText()).isEqualTo("Pending");
        assertThat(condition(status, "Initialized").path("status").asText()).isEqualTo("False");
        assertThat(containerStatus(status, "app").path("state").path("waiting").path("reason").asText())
                .isEqualTo("PodInitializing");

        pass(pod); // first still runs: nothing new
        assertThat(runtime.started).containsExactly("first");

        runtime.exit("web", "first", 0);
        pass(pod);
        assertThat(runtime.started).containsExactly("first", "second");

        runtime.exit("web", "second", 0);
        status = pass(pod);
        assertThat(runtime.started).containsExactly("first", "second", "app");
        assertThat(status.path("phase").asText()).isEqualTo("Running");
        assertThat(condition(status, "Initialized").path("status").asText()).isEqualTo("True");
        assertThat(containerStatus(status, "first").path("state").path("terminated").path("reason").asText())
                .isEqualTo("Completed");
    }

    @Test
    void aFailedInitContainerFailsANeverPodAndIsRetriedOtherwise() {
        ObjectNode never = withInit(pod("once", "Never", "app"), "init");
        pass(never);
        runtime.exit("once", "init", 3);
        JsonNode status = pass(never);
        assertThat(status.path("phase").asText()).isEqualTo("Failed");
        assertThat(runtime.started).containsExactly("init");

        ObjectNode always = withInit(pod("again", "Always", "app"), "init");
        pass(always);
        runtime.exit("again", "init", 3);
        status = pass(always);
        assertThat(status.path("phase").asText()).isEqualTo("Pending");
        assertThat(containerStatus(status, "init").path("restartCount").asInt()).isEqualTo(1);
        assertThat(runtime.started).containsExactly("init", "init", "init");
    }

    @Test
    void crashingContainerRestartsWithDoublingBackOff() {
        ObjectNode pod = pod("crash", "Always", "app");
        pass(pod);

        runtime.exit("crash", "app", 1);
        JsonNode status = pass(pod); // first restart is immediate
        assertThat(containerStatus(status, "app").path("restartCount").asInt()).isEqualTo(1);
        assertThat(containerStatus(status, "app").path("lastState").path("terminated").path("exitCode").asInt())
                .isEqualTo(1);

        runtime.exit("crash", "app", 1);
        status = pass(pod);
        JsonNode app = containerStatus(status, "app");
        assertThat(app.path("state").path("waiting").path("reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(app.path("state").path("waiting").path("message").asText()).startsWith("back-off 10s");
        assertThat(app.path("lastState").path("terminated").path("exitCode").asInt()).isEqualTo(1);
        assertThat(status.path("phase").asText()).isEqualTo("Running");

        clock.advance(Duration.ofSeconds(9));
        assertThat(restarts(pass(pod))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(restarts(pass(pod))).isEqualTo(2);

        runtime.exit("crash", "app", 1);
        clock.advance(Duration.ofSeconds(19));
        status = pass(pod);
        assertThat(restarts(status)).isEqualTo(2);
        assertThat(containerStatus(status, "app").path("state").path("waiting").path("message").asText())
                .startsWith("back-off 20s");
        clock.advance(Duration.ofSeconds(1));
        assertThat(restarts(pass(pod))).isEqualTo(3);
        // only the current and the previous attempt are kept
        assertThat(runtime.of("crash")).hasSize(2);
    }

    @Test
    void backOffStartsOverAfterTenMinutesOfRunning() {
        ObjectNode pod = pod("steady", "Always", "app");
        pass(pod);
        runtime.exit("steady", "app", 1);
        pass(pod); // restart 1, back-off now 10 s
        clock.advance(Duration.ofMinutes(11));
        runtime.exit("steady", "app", 1);
        assertThat(restarts(pass(pod))).isEqualTo(2); // immediate again
    }

    @Test
    void restartPolicyDecidesWhatAnExitMeans() {
        ObjectNode onFailure = pod("job", "OnFailure", "app");
        pass(onFailure);
        runtime.exit("job", "app", 0);
        JsonNode status = pass(onFailure);
        assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(containerStatus(status, "app").path("state").path("terminated").path("exitCode").asInt()).isZero();
        assertThat(condition(status, "Ready").path("reason").asText()).isEqualTo("PodCompleted");

        ObjectNode never = pod("never", "Never", "app");
        pass(never);
        runtime.exit("never", "app", 2);
        status = pass(never);
        assertThat(status.path("phase").asText()).isEqualTo("Failed");
        assertThat(containerStatus(status, "app").path("state").path("terminated").path("reason").asText())
                .isEqualTo("Error");
        assertThat(runtime.of("never")).hasSize(1);

        ObjectNode retried = pod("retried", "OnFailure", "app");
        pass(retried);
        runtime.exit("retried", "app", 2);
        assertThat(restarts(pass(retried))).isEqualTo(1);
    }

    @Test
    void imagePullFailureShowsErrImagePullThenImagePullBackOff() {
        runtime.badImages.add("nosuch:1");
        ObjectNode pod = pod("img", "Always", "app");
        ((ObjectNode) pod.path("spec").path("containers").get(0)).put("image", "nosuch:1");

        JsonNode waiting = containerStatus(pass(pod), "app").path("state").path("waiting");
        assertThat(waiting.path("reason").asText()).isEqualTo("ErrImagePull");
        assertThat(waiting.path("message").asText()).contains("nosuch:1");

        JsonNode status = pass(pod);
        assertThat(containerStatus(status, "app").path("state").path("waiting").path("reason").asText())
                .isEqualTo("ImagePullBackOff");
        assertThat(status.path("phase").asText()).isEqualTo("Pending");
        assertThat(runtime.pulls).isEqualTo(1);

        clock.advance(Duration.ofSeconds(10));
        assertThat(reason(pass(pod))).isEqualTo("ErrImagePull");
        assertThat(runtime.pulls).isEqualTo(2);
        clock.advance(Duration.ofSeconds(10)); // the back-off is 20 s now
        assertThat(reason(pass(pod))).isEqualTo("ImagePullBackOff");

        runtime.badImages.clear();
        clock.advance(Duration.ofSeconds(10));
        assertThat(pass(pod).path("phase").asText()).isEqualTo("Running");
    }

    @Test
    void changedContainerSpecRecreatesTheContainerWithTheGracePeriod() {
        ObjectNode pod = pod("web", "Always", "app");
        ((ObjectNode) pod.path("spec")).put("terminationGracePeriodSeconds", 7);
        pass(pod);
        String first = runtime.containers.keySet().iterator().next();

        ((ObjectNode) pod.path("spec").path("containers").get(0)).putArray("args").add("-c").add("echo changed");
        JsonNode status = pass(pod);

        assertThat(runtime.stops).containsExactly(new FakeRuntime.Stop(first, Duration.ofSeconds(7)));
        assertThat(runtime.containers).doesNotContainKey(first).hasSize(1);
        ContainerStatus now = runtime.containers.values().iterator().next();
        assertThat(runtime.specs.get(now.id()).args()).containsExactly("-c", "echo changed");
        assertThat(status.path("phase").asText()).isEqualTo("Running");
        assertThat(runtime.sandboxes).hasSize(1);
    }

    @Test
    void removeStopsContainersWithTheGracePeriodThenTheSandbox() throws Exception {
        ObjectNode pod = pod("web", "Always", "a", "b");
        pass(pod);
        ((ObjectNode) pod.path("metadata")).put("deletionGracePeriodSeconds", 3);

        reconciler.remove("uid-web", Pods.grace(pod));

        assertThat(runtime.stops).hasSize(2).allMatch(s -> s.grace().equals(Duration.ofSeconds(3)));
        assertThat(runtime.sandboxes).isEmpty();
        assertThat(runtime.containers).isEmpty();
        assertThat(preparation.removed).containsExactly("uid-web");
    }

    @Test
    void withoutTheRuntimePodsArePendingWithAReason() {
        bound.set(null);
        JsonNode status = pass(pod("web", "Always", "app"));
        assertThat(status.path("phase").asText()).isEqualTo("Pending");
        assertThat(status.path("reason").asText()).isEqualTo("RuntimeUnavailable");
        assertThat(status.path("message").asText()).contains("'fake'");
        assertThat(reason(status)).isEqualTo("RuntimeUnavailable");

        bound.set(runtime); // the runtime bundle is back
        assertThat(pass(pod("web", "Always", "app")).path("phase").asText()).isEqualTo("Running");
    }

    @Test
    void aPodSpecProblemWaitsWithItsReason() {
        PodReconciler strict = new PodReconciler(() -> Optional.of(runtime), "fake", new TestPods.PlainPreparation() {
            @Override
            public java.util.List<io.kedge.runtime.api.ContainerSpec.EnvVar> env(JsonNode pod, JsonNode container,
                    String podIp) throws PodSpecException {
                throw new PodSpecException(PodSpecException.CONFIG_ERROR, "configmap \"cfg\" not found");
            }
        }, Readiness.WITHOUT_PROBES, clock, "192.168.1.5", "/tmp/logs");
        JsonNode status = strict.reconcile(pod("web", "Always", "app"));
        assertThat(reason(status)).isEqualTo("CreateContainerConfigError");
        assertThat(status.path("phase").asText()).isEqualTo("Pending");
        assertThat(runtime.containers).isEmpty();
    }

    @Test
    void aContainerFailingLivenessIsStoppedAndRestarted() {
        java.util.Set<String> dead = new java.util.HashSet<>();
        PodReconciler probed = new PodReconciler(() -> Optional.of(runtime), "fake", preparation, new Readiness() {
            @Override
            public boolean ready(JsonNode pod, JsonNode container, ContainerStatus running) {
                return true;
            }

            @Override
            public boolean alive(JsonNode pod, JsonNode container, ContainerStatus running) {
                return !dead.contains(running.id());
            }
        }, clock, "192.168.1.5", "/tmp/logs");
        ObjectNode pod = pod("web", "Always", "app");
        ((ObjectNode) pod.path("spec")).put("terminationGracePeriodSeconds", 4);
        probed.reconcile(pod);
        String first = runtime.containers.keySet().iterator().next();
        dead.add(first);

        JsonNode status = probed.reconcile(pod);

        assertThat(runtime.stops).containsExactly(new FakeRuntime.Stop(first, Duration.ofSeconds(4)));
        assertThat(restarts(status)).isEqualTo(1);
        assertThat(containerStatus(status, "app").path("state").has("running")).isTrue();
        assertThat(containerStatus(status, "app").path("lastState").path("terminated").path("exitCode").asInt())
                .isEqualTo(143);
    }

    @Test
    void limitsReachTheRuntimeAndGiveTheQosClass() throws Exception {
        ObjectNode pod = pod("web", "Always", "app");
        ObjectNode resources = ((ObjectNode) pod.path("spec").path("containers").get(0)).putObject("resources");
        resources.putObject("limits").put("cpu", "500m").put("memory", "128Mi");
        JsonNode status = pass(pod);
        assertThat(status.path("qosClass").asText()).isEqualTo("Guaranteed");
        io.kedge.runtime.api.ContainerSpec.Resources r = runtime.specs.values().iterator().next().resources();
        assertThat(r.cpuMillis()).isEqualTo(500);
        assertThat(r.memoryBytes()).isEqualTo(128L << 20);

        resources.putObject("requests").put("cpu", "100m");
        assertThat(PodStatusBuilder.qosClass(pod.path("spec"))).isEqualTo("Burstable");
        assertThat(PodStatusBuilder.qosClass(pod("plain", "Always", "app").path("spec"))).isEqualTo("BestEffort");
    }

    private static int restarts(JsonNode status) {
        return containerStatus(status, "app").path("restartCount").asInt();
    }

    private static String reason(JsonNode status) {
        return containerStatus(status, "app").path("state").path("waiting").path("reason").asText();
    }

    /** One pass over the pod, as PodSync makes it: what the test changed in the runtime is listed afresh. */
    private JsonNode pass(JsonNode pod) {
        reconciler.newPass();
        return reconciler.reconcile(pod);
    }
}
