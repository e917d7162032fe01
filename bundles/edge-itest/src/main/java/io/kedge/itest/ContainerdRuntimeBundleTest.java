package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.itest.support.Poll;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.PodLabels;
import io.kedge.runtime.api.SandboxSpec;
import io.kedge.runtime.api.SandboxStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The containerd runtime bundle, with gRPC, protobuf and Netty's epoll transport embedded, resolves
 * and runs in Felix: configured, it starts containerd, registers its {@link ContainerRuntime} and
 * runs a pod sandbox with a pod IP; unconfigured (as on a bundle update), containerd keeps running.
 */
class ContainerdRuntimeBundleTest {
    private static final String PID = "io.kedge.runtime.containerd";
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
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run containerd");
        for (String tool : List.of("/usr/bin/containerd", "/usr/sbin/runc", "/usr/bin/ctr", "/usr/lib/cni/bridge")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(tool)) || tool.endsWith("runc")
                    && Files.isExecutable(Path.of("/usr/bin/runc")), tool + " is missing (scripts/setup-debian.sh)");
        }
        Path script = script();
        Path dir = Files.createTempDirectory("kci");
        String bridge = "ki" + ThreadLocalRandom.current().nextInt(100_000);
        Path containerdDir = dir.resolve("runtime/containerd");
        Configuration config = configAdmin.getConfiguration(PID, "?");
        try {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("data.dir", dir.toString());
            props.put("cni.subnet", "10.235." + ThreadLocalRandom.current().nextInt(1, 250) + ".0/24");
            props.put("cni.bridge", bridge);
            config.update(props);

            ContainerRuntime runtime = Poll.valueOf("the containerd runtime service", Duration.ofSeconds(40), () -> {
                ServiceReference<?>[] refs = serviceReferences();
                return refs == null ? null : (ContainerRuntime) context.getService(refs[0]);
            });
            assertThat(runtime.version()).startsWith("containerd://");
            assertThat(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("kedge-containerd-grpc"))).as("gRPC threads").hasSize(1);

            importBusybox(script, dir, containerdDir.resolve("containerd.sock"));
            String uid = UUID.randomUUID().toString();
            SandboxSpec pod = new SandboxSpec("osgi", "default", uid, 0, "osgi", false,
                    Map.of(PodLabels.POD_UID, uid, PodLabels.POD_NAME, "osgi", PodLabels.POD_NAMESPACE, "default"),
                    Map.of(), dir.resolve("logs").toString(), List.of());
            long start = System.nanoTime();
            String sandboxId = runtime.runPodSandbox(pod);
            System.out.printf("containerd in Felix: sandbox ran in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            SandboxStatus status = runtime.sandboxStatus(sandboxId).orElseThrow();
            assertThat(status.ready()).isTrue();
            assertThat(status.ip()).startsWith("10.235.");
            runtime.stopPodSandbox(sandboxId);
            runtime.removePodSandbox(sandboxId);

            String pid = Files.readString(containerdDir.resolve("containerd.pid")).trim();
            config.delete();
            Poll.until("the runtime service gone", () -> serviceReferences() == null);
            assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive))
                    .as("containerd outlives the component").contains(true);
        } finally {
            if (Files.exists(containerdDir.resolve("containerd.pid"))) {
                config = configAdmin.getConfiguration(PID, "?");
                config.delete();
                long pid = Long.parseLong(Files.readString(containerdDir.resolve("containerd.pid")).trim());
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> {
                        p.destroyForcibly();
                        return p;
                    }).join();
                });
            }
            cleanUp(dir, bridge);
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

    /** scripts/busybox-image.sh of the checkout the framework runs in. */
    private static Path script() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("scripts/busybox-image.sh");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("scripts/busybox-image.sh not found above " + System.getProperty("user.dir"));
        return null;
    }

    private static void importBusybox(Path script, Path dir, Path socket) throws Exception {
        Process build = new ProcessBuilder(script.toString(), dir.resolve("image").toString(), socket.toString())
                .redirectErrorStream(true).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as(out).isZero();
    }

    private static void cleanUp(Path dir, String bridge) throws Exception {
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts")).stream().map(l -> l.split(" ")[1])
                .filter(m -> m.startsWith(dir.toString())).sorted(Comparator.reverseOrder()).toList();
        for (String m : mounts) {
            new ProcessBuilder("umount", "-l", m).start().waitFor();
        }
        new ProcessBuilder("ip", "link", "del", bridge).start().waitFor();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
