package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The containerd a node on {@code --runtime containerd} runs under {@code DATA/runtime/containerd}, seen
 * from an end-to-end test: its socket, the busybox image imported as {@code ./kedge demo} does, its
 * containers through {@code ctr}, and the clean-up that leaves nothing behind (containerd, shims and
 * their containers, mounts under the node's folder, the node's CNI bridge), also after a failure.
 */
final class NodeContainerd {
    private static final List<String> TOOLS = List.of("containerd", "runc", "ctr", "umoci", "skopeo", "busybox", "ip",
            "umount");

    /** Where containerd 1.6's shims put their sockets, whichever containerd started them. */
    private static final Path SHIM_SOCKETS = Path.of("/run/containerd/s");

    private final Path data;
    private final String bridge;
    /** The shim sockets and runc states its tasks kept in the machine's /run, as seen by {@link #powerCut()}. */
    private final Set<Path> runFiles = ConcurrentHashMap.newKeySet();

    NodeContainerd(Path data, String bridge) {
        this.data = data;
        this.bridge = bridge;
    }

    /** Skips the calling test unless this machine can run containerd pods (root, containerd, runc, CNI plugins, image tools). */
    static void assumeContainerdCanRun() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "containerd pods need root (run as root, as CI does)");
        for (String tool : TOOLS) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed (scripts/setup-debian.sh installs it)");
        }
        for (String plugin : List.of("bridge", "host-local", "loopback", "portmap")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni", plugin)),
                    "CNI plugin /usr/lib/cni/" + plugin + " is missing (containernetworking-plugins)");
        }
    }

    /** A bridge name no other test or node uses ({@code --pod-bridge}). */
    static String freshBridge() {
        return "ke2e" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    }

    /** A /24 out of the way of the defaults and of other tests ({@code --pod-subnet}). */
    static String freshSubnet() {
        return "10.23" + ThreadLocalRandom.current().nextInt(6, 10) + "." + ThreadLocalRandom.current().nextInt(1, 255)
                + ".0/24";
    }

    Path socket() {
        return data.resolve("runtime/containerd/containerd.sock");
    }

    /** Waits for the node's containerd, then builds and imports the busybox image (also the sandbox image). */
    void importBusybox(Path imageDir) throws Exception {
        await("the node's containerd socket").atMost(KedgeCluster.START).until(() -> Files.exists(socket()));
        Result result = run(Duration.ofMinutes(3), "bash", KedgeProcess.ROOT.resolve("scripts/busybox-image.sh").toString(),
                imageDir.toString(), socket().toString());
        assertThat(result.code()).as("scripts/busybox-image.sh:\n" + result.output()).isZero();
    }

    /** Ids of the containers (sandboxes included) containerd holds for pod {@code uid}. */
    List<String> containersOfPod(String uid) throws Exception {
        return containers("labels.\"io.kubernetes.pod.uid\"==" + uid);
    }

    /** Ids of the pod sandboxes containerd holds for pod {@code uid}, ready or not. */
    List<String> sandboxesOfPod(String uid) throws Exception {
        // one filter: its comma-separated terms must all hold (separate filters are alternatives)
        return containers("labels.\"io.kubernetes.pod.uid\"==" + uid + ",labels.\"io.cri-containerd.kind\"==sandbox");
    }

    /** Ids of the containers (sandboxes included) whose task containerd reports RUNNING. */
    List<String> runningTasks() throws Exception {
        Result result = run(Duration.ofSeconds(30), "ctr", "--address", socket().toString(), "-n", "k8s.io", "tasks",
                "ls");
        assertThat(result.code()).as("ctr tasks ls:\n" + result.output()).isZero();
        return result.output().lines().skip(1).map(line -> line.trim().split("\\s+"))
                .filter(columns -> columns.length == 3 && columns[2].equals("RUNNING")).map(columns -> columns[0])
                .toList();
    }

    /** The pod addresses the node's CNI network holds (host-local's allocation files, one per address). */
    List<String> allocatedPodIps() throws IOException {
        Path network = data.resolve("runtime/containerd/cni-ipam/kedge");
        if (!Files.isDirectory(network)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(network)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("\\d+(\\.\\d+){3}"))
                    .sorted().toList();
        }
    }

    /** Ids of every container (sandboxes included) containerd holds for pods. */
    List<String> containers(String... filters) throws Exception {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", socket().toString(), "-n", "k8s.io",
                "containers", "ls", "-q"));
        command.addAll(List.of(filters));
        Result result = run(Duration.ofSeconds(30), command.toArray(String[]::new));
        assertThat(result.code()).as("ctr containers ls:\n" + result.output()).isZero();
        return result.output().lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * After the node's process ended: {@link #powerCut()}, then deletes the runtime's folder. Best
     * effort: each step runs even when an earlier one failed.
     */
    void cleanUp() {
        powerCut();
        delete(data.resolve("runtime"));
    }

    /**
     * What a machine's reboot does to the node's containerd, its files aside: ends containerd, the
     * shims and their containers (whatever still names the node's folder, with its descendants, by
     * SIGKILL), unmounts what is mounted below the folder (root filesystems, the pods' network
     * namespaces), deletes the bridge and what its tasks kept in the machine's /run (a tmpfs that a
     * reboot empties: the shims' sockets, runc's states). Root, state and the CNI allocations stay on
     * disk, as they would. Best effort: each step runs even when an earlier one failed.
     */
    void powerCut() {
        String folder = data.toString();
        runFiles.addAll(runFilesOfTasks());
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains(folder)).orElse(false))
                .forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
                });
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/mounts")).stream().map(line -> line.split(" ")[1])
                    .filter(point -> point.startsWith(folder)).sorted(Comparator.reverseOrder()).toList();
            for (String point : mounts) {
                run(Duration.ofSeconds(30), "umount", "-l", point);
            }
        } catch (Exception e) {
            System.err.println("unmounting below " + folder + " failed: " + e);
        }
        try {
            if (Files.exists(Path.of("/sys/class/net", bridge))) {
                run(Duration.ofSeconds(30), "ip", "link", "del", bridge);
            }
        } catch (Exception e) {
            System.err.println("deleting bridge " + bridge + " failed: " + e);
        }
        for (Path file : runFiles) {
            delete(file);
        }
    }

    /** Each task's runc state ({@code /run/containerd/runc/k8s.io/ID}) and its shim's socket (from its address file). */
    private List<Path> runFilesOfTasks() {
        Path tasks = data.resolve("runtime/containerd/state/io.containerd.runtime.v2.task/k8s.io");
        if (!Files.isDirectory(tasks)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> bundles = Files.list(tasks)) {
            for (Path bundle : bundles.toList()) {
                files.add(Path.of("/run/containerd/runc/k8s.io", bundle.getFileName().toString()));
                Path address = bundle.resolve("address");
                if (Files.exists(address)) {
                    Path socket = Path.of(Files.readString(address).trim().replaceFirst("^unix://", ""));
                    if (socket.startsWith(SHIM_SOCKETS)) { // nothing else is touched, whatever the file says
                        files.add(socket);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("listing the tasks in " + tasks + " failed: " + e);
        }
        return files;
    }

    private static void delete(Path tree) {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tree)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("deleting " + tree + " failed: " + e);
        }
    }

    /**
     * Whether anything of this node's containerd is left: processes naming its folder, mounts below
     * it, its bridge, its tasks' files in /run.
     */
    List<String> leftovers() throws IOException {
        String folder = data.toString();
        List<String> left = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.isAlive()
                && p.info().commandLine().map(line -> line.contains(folder)).orElse(false))
                .forEach(p -> left.add("process " + p.pid() + " " + p.info().commandLine().orElse("")));
        Files.readAllLines(Path.of("/proc/mounts")).stream().map(line -> line.split(" ")[1])
                .filter(point -> point.startsWith(folder)).forEach(point -> left.add("mount " + point));
        if (Files.exists(Path.of("/sys/class/net", bridge))) {
            left.add("bridge " + bridge);
        }
        runFiles.addAll(runFilesOfTasks());
        runFiles.stream().filter(file -> Files.exists(file, LinkOption.NOFOLLOW_LINKS)).sorted()
                .forEach(file -> left.add("file " + file));
        return left;
    }

    record Result(int code, String output) {
    }

    /** Runs {@code command} to its end, at most {@code timeout} (then it is killed and the test fails). */
    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("kedge-command", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " still runs after " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }
}
