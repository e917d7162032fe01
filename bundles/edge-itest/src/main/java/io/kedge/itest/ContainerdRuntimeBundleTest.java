package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.itest.support.ContainerdSupport;
import io.kedge.itest.support.Poll;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.PodLabels;
import io.kedge.runtime.api.SandboxSpec;
import io.kedge.runtime.api.SandboxStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The containerd runtime bundle, with gRPC, protobuf and Netty's epoll transport embedded, resolves
 * and runs in Felix: configured, it starts containerd, registers its {@link ContainerRuntime} and
 * runs a pod sandbox with a pod IP; unconfigured (as on a bundle update), containerd keeps running.
 */
class ContainerdRuntimeBundleTest {
    private static final String PID = ContainerdSupport.PID;
    private static final String BUSYBOX = "docker.io/library/busybox:latest";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    @Test
    void bundleResolvesAndStarts() {
        Bundle bundle = Stream.of(context.getBundles())
                .filter(b -> "io.kedge.runtime-containerd".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
    }

    @Test
    void runsAPodSandboxOnAContainerdItStartsAndLeavesItRunningWhenDeactivated() throws Exception {
        ContainerdSupport.assumeContainerdCanRun();
        ContainerdSupport containerd = ContainerdSupport.create();
        try {
            containerd.configure(configAdmin);
            ContainerRuntime runtime = Poll.valueOf("the containerd runtime service", Duration.ofSeconds(40), () -> {
                ServiceReference<?>[] refs = serviceReferences();
                return refs == null ? null : (ContainerRuntime) context.getService(refs[0]);
            });
            assertThat(runtime.version()).startsWith("containerd://");
            assertThat(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("kedge-containerd-grpc"))).as("gRPC threads").hasSize(1);

            containerd.importBusybox();
            String uid = UUID.randomUUID().toString();
            SandboxSpec pod = new SandboxSpec("osgi", "default", uid, 0, "osgi", false,
                    Map.of(PodLabels.POD_UID, uid, PodLabels.POD_NAME, "osgi", PodLabels.POD_NAMESPACE, "default"),
                    Map.of(), containerd.dir().resolve("logs").toString(), List.of());
            long start = System.nanoTime();
            String sandboxId = runtime.runPodSandbox(pod);
            System.out.printf("containerd in Felix: sandbox ran in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            SandboxStatus status = runtime.sandboxStatus(sandboxId).orElseThrow();
            assertThat(status.ready()).isTrue();
            assertThat(status.ip()).startsWith("10.235.");
            runtime.stopPodSandbox(sandboxId);
            runtime.removePodSandbox(sandboxId);

            String pid = Files.readString(containerd.containerdDir().resolve("containerd.pid")).trim();
            configAdmin.getConfiguration(PID, "?").delete();
            Poll.until("the runtime service gone", () -> serviceReferences() == null);
            assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive))
                    .as("containerd outlives the component").contains(true);
        } finally {
            containerd.cleanUp(configAdmin);
        }
    }

    private ServiceReference<?>[] serviceReferences() {
        try {
            return context.getServiceReferences(ContainerRuntime.class.getName(),
                    "(" + ContainerRuntime.NAME_PROPERTY + "=containerd)");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
