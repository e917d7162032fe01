package io.kedge.runtime.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.PodLabels;
import io.kedge.runtime.api.PullPolicy;
import io.kedge.runtime.api.RuntimeFailure;
import io.kedge.runtime.api.SandboxSpec;
import io.kedge.runtime.api.SandboxStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Against a real containerd that the test starts as Kedge does (config, root, state, socket and
 * CNI network under a temporary folder), with the busybox image built by scripts/busybox-image.sh.
 * Skipped where containerd, runc, the CNI plugins or the image tools are missing, or without root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerdRuntimeTest {
    private static final String BUSYBOX = "docker.io/library/busybox:latest";

    private Path dir;
    private ManagedContainerd managed;
    private CriChannel channel;
    private ContainerdRuntime runtime;
    private String bridge;

    @BeforeAll
    void startContainerd() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run containerd");
        for (String tool : List.of("containerd", "runc", "ctr", "umoci", "skopeo", "busybox")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed (scripts/setup-debian.sh installs it)");
        }
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "CNI plugins missing in /usr/lib/cni");
        dir = Files.createTempDirectory("kcd");
        int net = ThreadLocalRandom.current().nextInt(1, 250);
        bridge = "kt" + net + "x" + ThreadLocalRandom.current().nextInt(1000);
        managed = new ManagedContainerd(new ContainerdFiles(dir.resolve("runtime/containerd")), "containerd");
        managed.ensureStarted(BUSYBOX, "10.234." + net + ".0/24", bridge, "/usr/lib/cni");
        channel = new CriChannel(managed.socket());
        runtime = new ContainerdRuntime(channel, Duration.ofSeconds(30), Duration.ofSeconds(15));
        try {
            System.out.println("containerd: " + Readiness.await(runtime, managed, Duration.ofSeconds(30)));
        } catch (RuntimeFailure e) {
            Assumptions.abort("containerd does not start here: " + e.getMessage() + "\n" + logTail());
        }
        Path script = Path.of(System.getProperty("user.dir")).resolve("../../scripts/busybox-image.sh").normalize();
        Process build = new ProcessBuilder(script.toString(), dir.resolve("image").toString(), managed.socket().toString())
                .redirectErrorStream(true).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as(out).isZero();
    }

    @AfterAll
    void stopContainerd() throws Exception {
        if (runtime != null) {
            for (SandboxStatus s : safeList()) {
                runtime.stopPodSandbox(s.id());
                runtime.removePodSandbox(s.id());
            }
        }
        if (channel != null) {
            channel.close();
        }
        if (managed != null) {
            managed.stop(Duration.ofSeconds(10));
        }
        if (dir != null) {
            unmountUnder(dir);
            new ProcessBuilder("ip", "link", "del", bridge).start().waitFor();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void importedImageIsListedAndNeverPolicyFindsIt() throws Exception {
        assertThat(runtime.listImages()).anySatisfy(i -> assertThat(i.names()).contains(BUSYBOX));
        String held = runtime.ensureImage(BUSYBOX, PullPolicy.NEVER).id();
        assertThat(held).startsWith("sha256:");
        // no registry is reachable from here: Always falls back to the image the node holds
        assertThat(runtime.ensureImage(BUSYBOX, PullPolicy.ALWAYS).id()).isEqualTo(held);
    }

    @Test
    void podRunsServesHttpOnItsIpExecsLogsAndGoes() throws Exception {
        SandboxSpec pod = pod("web");
        long start = System.nanoTime();
        String sandboxId = runtime.runPodSandbox(pod);
        long sandboxDone = System.nanoTime();
        runtime.ensureImage(BUSYBOX, PullPolicy.IF_NOT_PRESENT);
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("greeting"), "from-host");
        ContainerSpec web = container("web",
                List.of("sh", "-c", "echo started; echo hello-kedge > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"));
        web = new ContainerSpec(web.name(), 0, web.image(), web.command(), web.args(), web.env(), "/tmp",
                List.of(new ContainerSpec.Mount("/data", shared.toString(), true)), web.resources(), web.labels(),
                web.annotations(), web.logPath());
        String containerId = runtime.createContainer(sandboxId, web, pod);
        runtime.startContainer(containerId);
        long started = System.nanoTime();
        System.out.printf("run sandbox %d ms, create+start container %d ms, total %d ms%n",
                (sandboxDone - start) / 1_000_000, (started - sandboxDone) / 1_000_000, (started - start) / 1_000_000);

        SandboxStatus sandbox = runtime.sandboxStatus(sandboxId).orElseThrow();
        assertThat(sandbox.ready()).isTrue();
        assertThat(sandbox.ip()).startsWith("10.234.");
        assertThat(sandbox.podUid()).isEqualTo(pod.podUid());
        assertThat(runtime.listSandboxes()).extracting(SandboxStatus::id).contains(sandboxId);

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> get("http://" + sandbox.ip() + ":8080/index.html"), body -> body.contains("hello-kedge"));

        ExecResult exec = runtime.exec(containerId, List.of("cat", "/tmp/index.html"), Duration.ofSeconds(10));
        assertThat(exec.exitCode()).isZero();
        assertThat(new String(exec.stdout(), StandardCharsets.UTF_8)).isEqualTo("hello-kedge\n");
        assertThat(runtime.exec(containerId, List.of("sh", "-c", "exit 3"), Duration.ofSeconds(10)).exitCode())
                .isEqualTo(3);
        assertThat(output(containerId, "cat /data/greeting; echo \" $A $(pwd)\"")).isEqualTo("from-host 1 /tmp\n");
        assertThat(output(containerId, "touch /data/x 2>/dev/null && echo writable || echo read-only"))
                .isEqualTo("read-only\n");
        assertThat(output(containerId, "cat /sys/fs/cgroup/memory.max 2>/dev/null"
                + " || cat /sys/fs/cgroup/memory/memory.limit_in_bytes")).isEqualTo((64L << 20) + "\n");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> CriLogs.text(runtime.readLog(containerId, 0, 4096)), text -> text.equals("started\n"));

        ContainerStatus running = runtime.containerStatus(containerId).orElseThrow();
        assertThat(running.state()).isEqualTo(ContainerStatus.State.RUNNING);
        assertThat(running.sandboxId()).isEqualTo(sandboxId);
        assertThat(running.labels()).containsEntry(PodLabels.CONTAINER_NAME, "web");
        assertThat(runtime.listContainers()).extracting(ContainerStatus::id).contains(containerId);

        runtime.stopContainer(containerId, Duration.ofSeconds(1));
        ContainerStatus exited = runtime.containerStatus(containerId).orElseThrow();
        assertThat(exited.state()).isEqualTo(ContainerStatus.State.EXITED);
        assertThat(runtime.readLog(containerId, 0, 4096).complete()).isTrue();
        runtime.removeContainer(containerId);
        runtime.removeContainer(containerId); // idempotent
        assertThat(runtime.containerStatus(containerId)).isEmpty();
        runtime.stopPodSandbox(sandboxId);
        runtime.removePodSandbox(sandboxId);
        runtime.removePodSandbox(sandboxId);
        assertThat(runtime.sandboxStatus(sandboxId)).isEmpty();
    }

    @Test
    void unknownImageIsAnImagePullFailure() {
        assertThatThrownBy(() -> runtime.ensureImage("registry.invalid/kedge/none:1", PullPolicy.IF_NOT_PRESENT))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(RuntimeFailure.IMAGE_PULL);
                    assertThat(f.getMessage()).contains("registry.invalid/kedge/none:1");
                });
        assertThatThrownBy(() -> runtime.ensureImage("registry.invalid/kedge/none:1", PullPolicy.ALWAYS))
                .isInstanceOfSatisfying(RuntimeFailure.class,
                        f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.IMAGE_PULL));
        assertThatThrownBy(() -> runtime.ensureImage("registry.invalid/kedge/none:1", PullPolicy.NEVER))
                .isInstanceOfSatisfying(RuntimeFailure.class,
                        f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.IMAGE_NEVER_PULL));
    }

    @Test
    void missingCommandIsAContainerFailure() throws Exception {
        SandboxSpec pod = pod("nocmd");
        String sandboxId = runtime.runPodSandbox(pod);
        assertThatThrownBy(() -> {
            String id = runtime.createContainer(sandboxId, container("bad", List.of("/no/such/command")), pod);
            runtime.startContainer(id);
        }).isInstanceOfSatisfying(RuntimeFailure.class, f -> {
            assertThat(f.reason()).isIn(RuntimeFailure.START_CONTAINER, RuntimeFailure.CREATE_CONTAINER);
            assertThat(f.getMessage()).contains("/no/such/command");
        });
        runtime.stopPodSandbox(sandboxId);
        runtime.removePodSandbox(sandboxId);
    }

    @Test
    void aSecondStartReusesTheRunningContainerd() throws Exception {
        long pid = managed.running().orElseThrow().pid();
        assertThat(managed.ensureStarted(BUSYBOX, "10.234.0.0/24", bridge, "/usr/lib/cni")).isEqualTo(pid);
    }

    private SandboxSpec pod(String name) {
        String uid = UUID.randomUUID().toString();
        return new SandboxSpec(name, "default", uid, 0, name, false,
                Map.of(PodLabels.POD_NAME, name, PodLabels.POD_NAMESPACE, "default", PodLabels.POD_UID, uid),
                Map.of(), dir.resolve("logs/" + uid).toString(), List.of());
    }

    private static ContainerSpec container(String name, List<String> command) {
        return new ContainerSpec(name, 0, BUSYBOX, command, List.of(), List.of(new ContainerSpec.EnvVar("A", "1")),
                "", List.of(), new ContainerSpec.Resources(500, 64L << 20, 100),
                Map.of(PodLabels.CONTAINER_NAME, name), Map.of(), name + "/0.log");
    }

    private String output(String containerId, String script) throws RuntimeFailure {
        ExecResult r = runtime.exec(containerId, List.of("sh", "-c", script), Duration.ofSeconds(10));
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }

    private List<SandboxStatus> safeList() {
        try {
            return runtime.listSandboxes();
        } catch (RuntimeFailure e) {
            return List.of();
        }
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(2000);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(managed.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static void unmountUnder(Path root) throws IOException, InterruptedException {
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts")).stream()
                .map(l -> l.split(" ")[1]).filter(m -> m.startsWith(root.toString()))
                .sorted(Comparator.reverseOrder()).toList();
        for (String m : mounts) {
            new ProcessBuilder("umount", "-l", m).start().waitFor();
        }
    }
}
