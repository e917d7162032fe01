package io.kedge.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.ContainerSpec.EnvVar;
import io.kedge.runtime.api.ContainerSpec.Mount;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.ContainerStatus.State;
import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.LogChunk;
import io.kedge.runtime.api.PullPolicy;
import io.kedge.runtime.api.RuntimeFailure;
import io.kedge.runtime.api.SandboxSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes from /bin/sh: the runtime as Edged drives it. */
class ProcessRuntimeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;
    private ProcessRuntime runtime;
    private SandboxSpec sandbox;
    private String sandboxId;

    @BeforeEach
    void setUp() throws Exception {
        runtime = new ProcessRuntime(data);
        sandbox = new SandboxSpec("web", "default", "uid-1", 0, "web", false, Map.of("app", "web"), Map.of(),
                data.resolve("logs").toString(), List.of());
        sandboxId = runtime.runPodSandbox(sandbox);
    }

    @AfterEach
    void cleanUp() throws Exception {
        // no process may outlive a test
        new ProcessRuntime(data).removePodSandbox(sandboxId);
    }

    private String run(String script, List<EnvVar> env, String workingDir, List<Mount> mounts) throws RuntimeFailure {
        ContainerSpec spec = new ContainerSpec("c", 0, "busybox:1", List.of("/bin/sh", "-c"), List.of(script), env,
                workingDir, mounts, null, Map.of("k", "v"), Map.of(), "c/0.log");
        String id = runtime.createContainer(sandboxId, spec, sandbox);
        runtime.startContainer(id);
        return id;
    }

    private String run(String script) throws RuntimeFailure {
        return run(script, List.of(), "", List.of());
    }

    private ContainerStatus awaitExited(ProcessRuntime rt, String id) {
        return await().atMost(WAIT).until(() -> rt.containerStatus(id).orElseThrow(), s -> s.state() == State.EXITED);
    }

    private String fullLog(String id) throws RuntimeFailure {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long offset = 0;
        for (int i = 0; i < 1000; i++) {
            LogChunk chunk = runtime.readLog(id, offset, 7);
            all.writeBytes(chunk.data());
            offset = chunk.nextOffset();
            if (chunk.complete()) {
                return all.toString(StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("log never complete");
    }

    @Test
    void stdoutAndStderrGoToOneLogReadByOffsetAndTheExitCodeIsRecorded() throws Exception {
        String id = run("echo hello; echo oops >&2; exit 3");
        ContainerStatus status = awaitExited(runtime, id);
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.reason()).isEqualTo("Error");
        assertThat(status.startedAt()).isNotNull();
        assertThat(status.finishedAt()).isAfterOrEqualTo(status.startedAt().minusSeconds(1));
        assertThat(status.labels()).containsEntry("k", "v");
        assertThat(status.imageId()).isEqualTo("process:busybox:1");
        assertThat(fullLog(id)).isEqualTo("hello\noops\n");
        assertThat(Files.readString(data.resolve("logs/c/0.log"))).isEqualTo("hello\noops\n");
    }

    @Test
    void zeroExitIsCompleted() throws Exception {
        String id = run("true");
        assertThat(awaitExited(runtime, id)).extracting(ContainerStatus::exitCode, ContainerStatus::reason)
                .containsExactly(0, "Completed");
    }

    @Test
    void aProcessThatTrapsTermEndsOnItsOwnTerms() throws Exception {
        Path ready = data.resolve("trapped");
        String id = run("trap 'echo bye; exit 3' TERM; touch " + ready + "; while true; do sleep 0.1; done");
        await().atMost(WAIT).until(() -> Files.exists(ready));
        runtime.stopContainer(id, Duration.ofSeconds(30));
        ContainerStatus status = runtime.containerStatus(id).orElseThrow();
        assertThat(status.state()).isEqualTo(State.EXITED);
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(fullLog(id)).isEqualTo("bye\n");
    }

    @Test
    void aProcessThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
        Path ready = data.resolve("ignoring");
        String id = run("trap '' TERM; touch " + ready + "; while true; do sleep 0.1; done");
        await().atMost(WAIT).until(() -> Files.exists(ready));
        long pid = Long.parseLong(StateFile.read(data.resolve("runtime/process/containers/" + id + "/container.properties")).getProperty("pid"));
        List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();
        long start = System.nanoTime();
        runtime.stopContainer(id, Duration.ofMillis(500));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the grace").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        ContainerStatus status = runtime.containerStatus(id).orElseThrow();
        assertThat(status.state()).isEqualTo(State.EXITED);
        assertThat(status.exitCode()).isEqualTo(137);
        await().atMost(WAIT).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aCommandNotFoundFailsToStartWithAClearReason() throws Exception {
        ContainerSpec spec = new ContainerSpec("c", 0, "img", List.of("no-such-command-kedge"), List.of(), List.of(), "",
                List.of(), null, Map.of(), Map.of(), "c.log");
        String id = runtime.createContainer(sandboxId, spec, sandbox);
        assertThatThrownBy(() -> runtime.startContainer(id)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("no-such-command-kedge")
                .extracting(e -> ((RuntimeFailure) e).reason()).isEqualTo(RuntimeFailure.START_CONTAINER);
        assertThat(runtime.containerStatus(id).orElseThrow().state()).isEqualTo(State.CREATED);
    }

    @Test
    void noCommandAtAllCannotBeCreated() {
        ContainerSpec spec = new ContainerSpec("c", 0, "img", List.of(), List.of(), List.of(), "", List.of(), null,
                Map.of(), Map.of(), "c.log");
        assertThatThrownBy(() -> runtime.createContainer(sandboxId, spec, sandbox))
                .extracting(e -> ((RuntimeFailure) e).reason()).isEqualTo(RuntimeFailure.CREATE_CONTAINER);
    }

    @Test
    void argsAloneAreTheCommand() throws Exception {
        ContainerSpec spec = new ContainerSpec("c", 0, "img", List.of(), List.of("sh", "-c", "exit 4"), List.of(), "",
                List.of(), null, Map.of(), Map.of(), "c.log");
        String id = runtime.createContainer(sandboxId, spec, sandbox);
        runtime.startContainer(id);
        assertThat(awaitExited(runtime, id).exitCode()).isEqualTo(4);
    }

    @Test
    void envIsExactlyTheContainersAndTheWorkingDirIsHonoured() throws Exception {
        Path work = Files.createDirectories(data.resolve("work"));
        String id = run("echo \"A=$A\"; echo \"HOME=$HOME\"; pwd", List.of(new EnvVar("A", "one"), new EnvVar("A", "two")),
                work.toString(), List.of());
        awaitExited(runtime, id);
        assertThat(fullLog(id)).isEqualTo("A=two\nHOME=\n" + work.toRealPath() + "\n");
    }

    @Test
    void theDefaultWorkingDirIsTheContainersOwnFolder() throws Exception {
        String id = run("pwd");
        awaitExited(runtime, id);
        assertThat(fullLog(id).trim()).isEqualTo(data.resolve("runtime/process/containers/" + id).toRealPath().toString());
    }

    @Test
    void mountsAreVisibleUnderKedgeRoot() throws Exception {
        Path host = Files.createDirectories(data.resolve("host-config"));
        Files.writeString(host.resolve("app.conf"), "value=42\n");
        String id = run("cat \"$KEDGE_ROOT/etc/app/app.conf\"", List.of(), "", List.of(new Mount("/etc/app", host.toString(), true)));
        assertThat(awaitExited(runtime, id).exitCode()).isZero();
        assertThat(fullLog(id)).isEqualTo("value=42\n");
    }

    @Test
    void aMountEscapingTheRootOrMissingOnTheHostIsRefused() {
        for (Mount mount : List.of(new Mount("/../../x", data.toString(), false), new Mount("/x", data.resolve("absent").toString(), false))) {
            ContainerSpec spec = new ContainerSpec("c", 0, "img", List.of("true"), List.of(), List.of(), "", List.of(mount),
                    null, Map.of(), Map.of(), "c.log");
            assertThatThrownBy(() -> runtime.createContainer(sandboxId, spec, sandbox))
                    .extracting(e -> ((RuntimeFailure) e).reason()).isEqualTo(RuntimeFailure.CREATE_CONTAINER);
        }
    }

    @Test
    void aNewRuntimeOverTheSameDataReadoptsARunningProcessAndSeesItsExitCode() throws Exception {
        Path go = data.resolve("go");
        String id = run("while [ ! -f " + go + " ]; do sleep 0.05; done; echo done; exit 7");
        assertThat(runtime.containerStatus(id).orElseThrow().state()).isEqualTo(State.RUNNING);

        ProcessRuntime next = new ProcessRuntime(data);
        assertThat(next.containerStatus(id).orElseThrow().state()).isEqualTo(State.RUNNING);
        Files.createFile(go);
        ContainerStatus status = awaitExited(next, id);
        assertThat(status.exitCode()).isEqualTo(7);
        assertThat(status.reason()).isEqualTo("Error");
        assertThat(new ProcessRuntime(data).containerStatus(id).orElseThrow().exitCode()).isEqualTo(7);
    }

    @Test
    void aProcessGoneWithoutItsSupervisorIsExitedUnknown() throws Exception {
        String id = run("sleep 60");
        long pid = Long.parseLong(StateFile.read(data.resolve("runtime/process/containers/" + id + "/container.properties")).getProperty("pid"));
        ProcessHandle supervisor = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> command = await().atMost(WAIT).until(() -> supervisor.descendants().toList(),
                tree -> tree.stream().anyMatch(h -> h.info().command().orElse("").endsWith("sleep")));
        // as after a node restart: the supervisor goes first, so nobody records an exit code
        supervisor.destroyForcibly();
        command.forEach(ProcessHandle::destroyForcibly);
        await().atMost(WAIT).until(() -> !supervisor.isAlive());
        ContainerStatus status = new ProcessRuntime(data).containerStatus(id).orElseThrow();
        assertThat(status.state()).isEqualTo(State.EXITED);
        assertThat(status.reason()).isEqualTo("Unknown");
        assertThat(status.exitCode()).isEqualTo(ProcessRuntime.UNKNOWN_EXIT);
        assertThat(data.resolve("runtime/process/containers/" + id + "/exitcode")).doesNotExist();
    }

    @Test
    void aGarbageStateFileIsIgnoredAndTheOthersStillWork() throws Exception {
        String good = run("true");
        awaitExited(runtime, good);
        ContainerSpec spec = new ContainerSpec("bad", 0, "img", List.of("true"), List.of(), List.of(), "", List.of(), null,
                Map.of(), Map.of(), "bad.log");
        String bad = runtime.createContainer(sandboxId, spec, sandbox);
        Files.writeString(data.resolve("runtime/process/containers/" + bad + "/container.properties"), "state=SIDEWAYS\n\u0000garbage");
        String badSandbox = runtime.runPodSandbox(sandbox);
        Files.writeString(data.resolve("runtime/process/sandboxes/" + badSandbox + "/sandbox.properties"), "attempt=x");

        assertThat(runtime.listContainers()).extracting(ContainerStatus::id).containsExactly(good);
        assertThat(runtime.containerStatus(bad)).isEmpty();
        assertThat(runtime.listSandboxes()).extracting(s -> s.id()).containsExactly(sandboxId);
        runtime.removeContainer(bad);
        runtime.removePodSandbox(badSandbox);
        assertThat(data.resolve("runtime/process/containers/" + bad)).doesNotExist();
    }

    @Test
    void execRunsWithTheContainersEnvAndBoundsItsTime() throws Exception {
        Path ready = data.resolve("up");
        String id = run("touch " + ready + "; sleep 60", List.of(new EnvVar("GREETING", "hi")), "", List.of());
        await().atMost(WAIT).until(() -> Files.exists(ready));
        ExecResult result = runtime.exec(id, List.of("sh", "-c", "echo $GREETING; echo err >&2; exit 5"), Duration.ofSeconds(20));
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(new String(result.stdout(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(new String(result.stderr(), StandardCharsets.UTF_8)).isEqualTo("err\n");
        assertThat(runtime.exec(id, List.of("sleep", "30"), Duration.ofMillis(200)).exitCode()).isEqualTo(Exec.TIMED_OUT);
        assertThat(runtime.exec(id, List.of("no-such-command-kedge"), Duration.ofSeconds(5)).exitCode()).isEqualTo(Exec.NOT_FOUND);
    }

    @Test
    void imagesAreRecordedNotPulledAndRemovalIsIdempotent() throws Exception {
        assertThat(runtime.ensureImage("nginx:1.27", PullPolicy.ALWAYS).id()).isEqualTo("process:nginx:1.27");
        runtime.ensureImage("nginx:1.27", PullPolicy.NEVER);
        assertThat(new ProcessRuntime(data).listImages()).extracting(i -> i.names()).containsExactly(List.of("nginx:1.27"));

        String id = run("sleep 60");
        runtime.stopPodSandbox(sandboxId);
        assertThat(runtime.containerStatus(id).orElseThrow().state()).isEqualTo(State.EXITED);
        assertThat(runtime.sandboxStatus(sandboxId).orElseThrow().ready()).isFalse();
        runtime.removePodSandbox(sandboxId);
        runtime.removePodSandbox(sandboxId);
        runtime.removeContainer(id);
        assertThat(runtime.listContainers()).isEmpty();
        assertThat(runtime.listSandboxes()).isEmpty();
    }
}
