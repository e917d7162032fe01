package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.itest.support.Poll;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.LogChunk;
import io.kedge.runtime.api.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The process runtime bundle resolves in Felix, registers as {@code kedge.runtime=process} and runs a container. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ProcessRuntimeTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(filter = "(" + ContainerRuntime.NAME_PROPERTY + "=process)", timeout = 5000)
    ContainerRuntime runtime;

    @Test
    void theProcessRuntimeRunsAContainerAndKeepsItsLogAndExitCode() throws Exception {
        assertThat(context.getBundles()).filteredOn(b -> b.getSymbolicName().equals("io.kedge.runtime-process"))
                .extracting(Bundle::getState).containsExactly(Bundle.ACTIVE);
        assertThat(runtime.name()).isEqualTo("process");

        Path logs = Files.createTempDirectory("kedge-process-itest");
        SandboxSpec sandbox = new SandboxSpec("itest", "default", "uid-itest", 0, "itest", false, Map.of(), Map.of(),
                logs.toString(), List.of());
        String sandboxId = runtime.runPodSandbox(sandbox);
        try {
            runtime.ensureImage("busybox:1", null);
            String id = runtime.createContainer(sandboxId, new ContainerSpec("main", 0, "busybox:1",
                    List.of("/bin/sh", "-c"), List.of("echo \"hello $WHO\"; exit 2"),
                    List.of(new ContainerSpec.EnvVar("WHO", "osgi")), "", List.of(), null, Map.of(), Map.of(),
                    "main/0.log"), sandbox);
            runtime.startContainer(id);

            ContainerStatus status = Poll.valueOf("the container exiting", Duration.ofSeconds(20), () -> {
                try {
                    return runtime.containerStatus(id).filter(s -> s.state() == ContainerStatus.State.EXITED).orElse(null);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(status.exitCode()).isEqualTo(2);
            LogChunk log = runtime.readLog(id, 0, 1024);
            assertThat(new String(log.data(), StandardCharsets.UTF_8)).isEqualTo("hello osgi\n");
            assertThat(log.complete()).isTrue();
        } finally {
            runtime.removePodSandbox(sandboxId);
        }
        assertThat(runtime.sandboxStatus(sandboxId)).isEmpty();
    }

    /** Updating the runtime bundle leaves running processes alone; the new instance reports their end. */
    @Test
    void aProcessOutlivesARestartOfTheRuntimeBundle() throws Exception {
        Path dir = Files.createTempDirectory("kedge-process-hotswap");
        Path go = dir.resolve("go");
        SandboxSpec sandbox = new SandboxSpec("hotswap", "default", "uid-hotswap", 0, "hotswap", false, Map.of(),
                Map.of(), dir.toString(), List.of());
        String sandboxId = runtime.runPodSandbox(sandbox);
        Bundle bundle = List.of(context.getBundles()).stream()
                .filter(b -> b.getSymbolicName().equals("io.kedge.runtime-process")).findFirst().orElseThrow();
        try {
            String id = runtime.createContainer(sandboxId, new ContainerSpec("main", 0, "busybox:1",
                    List.of("/bin/sh", "-c"), List.of("while [ ! -f " + go + " ]; do sleep 0.05; done; exit 9"),
                    List.of(), "", List.of(), null, Map.of(), Map.of(), "main.log"), sandbox);
            runtime.startContainer(id);

            bundle.stop();
            bundle.start();
            ContainerRuntime restarted = Poll.valueOf("the runtime service back", Duration.ofSeconds(10), () -> {
                try {
                    var refs = context.getServiceReferences(ContainerRuntime.class, "(kedge.runtime=process)");
                    return refs.isEmpty() ? null : context.getService(refs.iterator().next());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(restarted.containerStatus(id).orElseThrow().state()).isEqualTo(ContainerStatus.State.RUNNING);

            Files.createFile(go);
            ContainerStatus status = Poll.valueOf("the re-adopted container exiting", Duration.ofSeconds(20), () -> {
                try {
                    return restarted.containerStatus(id).filter(s -> s.state() == ContainerStatus.State.EXITED).orElse(null);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(status.exitCode()).isEqualTo(9);
            restarted.removePodSandbox(sandboxId);
        } finally {
            if (bundle.getState() != Bundle.ACTIVE) {
                bundle.start();
            }
        }
    }
}
