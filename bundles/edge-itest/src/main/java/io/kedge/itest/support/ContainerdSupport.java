package io.kedge.itest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A containerd that the runtime-containerd bundle starts under a temporary folder, for OSGi tests: the
 * checks that skip a test where the machine cannot run it, the configuration (a bridge and subnet of its
 * own), the busybox image, and a clean-up that leaves no process, mount or bridge behind.
 */
public final class ContainerdSupport {
    public static final String PID = "io.kedge.runtime.containerd";

    private final Path dir;
    private final String bridge;

    private ContainerdSupport(Path dir, String bridge) {
        this.dir = dir;
        this.bridge = bridge;
    }

    /** Skips the calling test unless root, containerd, runc, ctr and the CNI bridge plugin are there. */
    public static void assumeContainerdCanRun() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run containerd");
        for (String tool : List.of("/usr/bin/containerd", "/usr/sbin/runc", "/usr/bin/ctr", "/usr/lib/cni/bridge")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(tool)) || tool.endsWith("runc")
                    && Files.isExecutable(Path.of("/usr/bin/runc")), tool + " is missing (scripts/setup-debian.sh)");
        }
    }

    /** A fresh folder and bridge name; nothing runs yet. */
    public static ContainerdSupport create() throws Exception {
        return new ContainerdSupport(Files.createTempDirectory("kci"), "ki" + ThreadLocalRandom.current().nextInt(100_000));
    }

    public Path dir() {
        return dir;
    }

    public Path containerdDir() {
        return dir.resolve("runtime/containerd");
    }

    public Path socket() {
        return containerdDir().resolve("containerd.sock");
    }

    /** Configures the runtime component: containerd in {@link #dir()}, this bridge, a /24 of 10.235.X. */
    public String configure(ConfigurationAdmin configAdmin) throws Exception {
        String subnet = "10.235." + ThreadLocalRandom.current().nextInt(1, 250) + ".0/24";
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("data.dir", dir.toString());
        props.put("cni.subnet", subnet);
        props.put("cni.bridge", bridge);
        configAdmin.getConfiguration(PID, "?").update(props);
        return subnet;
    }

    /** scripts/busybox-image.sh of the checkout the framework runs in builds the image; imported into containerd. */
    public void importBusybox() throws Exception {
        Process build = new ProcessBuilder(script().toString(), dir.resolve("image").toString(), socket().toString())
                .redirectErrorStream(true).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as(out).isZero();
    }

    /**
     * Deletes the configuration, ends containerd and whatever still names the folder (shims and their
     * containers), unmounts what is mounted below it, deletes the bridge and the folder.
     */
    public void cleanUp(ConfigurationAdmin configAdmin) throws Exception {
        Configuration config = configAdmin.getConfiguration(PID, "?");
        config.delete();
        String folder = dir.toString();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains(folder)).orElse(false))
                .forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroy();
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> {
                        p.destroyForcibly();
                        return p;
                    }).join();
                });
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts")).stream().map(l -> l.split(" ")[1])
                .filter(m -> m.startsWith(folder)).sorted(Comparator.reverseOrder()).toList();
        for (String m : mounts) {
            new ProcessBuilder("umount", "-l", m).start().waitFor();
        }
        new ProcessBuilder("ip", "link", "del", bridge).start().waitFor();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

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
}
