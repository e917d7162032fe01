package io.kedge.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./kedge bench pods [COUNT]}: pod start as a user sees it, from the create call in the API
 * to {@code Running} in the API (the node's status report travelling back through the cloud), on
 * each runtime this machine can run: process always, containerd when root with containerd and runc
 * (the node starts its own, with the local busybox image of {@code scripts/busybox-image.sh}).
 * <ul>
 * <li>COUNT pods (default 50) applied one after another, each once the previous is Running: p50/p99;</li>
 * <li>COUNT pods created at once: time until all are Running, and p50/p99 of each;</li>
 * <li>the node's live heap (after a full GC) and thread count with COUNT pods running against idle.</li>
 * </ul>
 * Every container runs {@code sleep MARKER}, so the bench finds (and ends) what it started. After each
 * runtime the pods are deleted, the node stopped, and what containerd left (processes, mounts, the
 * bridge) removed.
 */
final class PodStartBench {
    private static final String NS = "bench-pods";
    /** Its own bridge and subnet: other nodes or tests on this machine may hold containerd's defaults. */
    private static final String BRIDGE = "kbench0";
    private static final String SUBNET = "10.211.0.0/16";
    private static final String SUBNET_PREFIX = "10.211.";

    private final Path work;
    private final KubernetesClient api;
    private final int hubPort;
    private final int certPort;
    private final String token;
    private final int count;
    private final String marker = Long.toString(86_400 + (System.nanoTime() & 0xffff));

    private PodStartBench(Path work, KubernetesClient api, int hubPort, int certPort, String token, int count) {
        this.work = work;
        this.api = api;
        this.hubPort = hubPort;
        this.certPort = certPort;
        this.token = token;
        this.count = count;
    }

    /** Figures of one runtime. */
    record Figures(String runtime, long[] sequentialMillis, long burstTotalMillis, long[] burstMillis,
            long idleHeapBytes, long idleThreads, long busyHeapBytes, long busyThreads) {
    }

    static void run(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        // short: containerd's sockets live under the node's folder, and a unix socket path has at most 104 bytes
        Path work = Files.createTempDirectory("kpods");
        Process api = KedgeBench.start(work, "api", "api", "--port", "0", "--kubeconfig",
                work.resolve("kubeconfig").toString());
        List<Process> processes = new ArrayList<>(List.of(api));
        try {
            KedgeBench.awaitLog(api, work.resolve("api.log"), "Kubernetes API listening", 90_000);
            int hubPort = KedgeBench.freePort();
            int certPort = KedgeBench.freePort();
            Process cloud = KedgeBench.start(work, "cloud", KedgeBench.cloudArgs(work, hubPort, certPort));
            processes.add(cloud);
            KedgeBench.awaitLog(cloud, work.resolve("cloud.log"), "CloudHub listening", 90_000);
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(work.resolve("kubeconfig")))).build()) {
                PodStartBench bench = new PodStartBench(work, client, hubPort, certPort, KedgeBench.token(work), count);
                Figures process = bench.measure("process");
                print(count, process, process);
                String why = containerdMissing();
                if (why.isEmpty()) {
                    print(count, bench.measure("containerd"), process);
                } else {
                    System.out.println("containerd: skipped (" + why + ")");
                }
            }
        } finally {
            for (Process process : processes) {
                process.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
        System.out.println("logs and node folders: " + work);
    }

    private Figures measure(String runtime) throws Exception {
        String node = "bench-pods-" + runtime;
        Path data = work.resolve(runtime);
        if (runtime.equals("containerd")) {
            Files.createDirectories(data.resolve("etc"));
            Files.writeString(data.resolve("etc/io.kedge.runtime.containerd.cfg"),
                    "data.dir=" + data + "\ncni.bridge=" + BRIDGE + "\ncni.subnet=" + SUBNET + "\n");
        }
        Process edge = KedgeBench.start(work, node, KedgeBench.joinArgs(runtime, hubPort, certPort, token, node, data,
                "--console-port", Integer.toString(KedgeBench.freePort()),
                "--metaserver-port", Integer.toString(KedgeBench.freePort())));
        try {
            KedgeBench.awaitLog(edge, work.resolve(node + ".log"), "Connected to the cloud", 90_000);
            if (runtime.equals("containerd")) {
                importBusybox(data.resolve("runtime/containerd/containerd.sock"));
            }
            Thread.sleep(10_000); // idle: start-up garbage and first status reports settle
            long idleHeap = LiveHeap.bytes(edge.pid());
            long idleThreads = KedgeBench.procStatus(edge.pid(), "Threads:");

            Map<String, Long> runningAt = new ConcurrentHashMap<>();
            try (Watch watch = api.pods().inNamespace(NS).watch(runningWatcher(runningAt))) {
                long[] sequential = new long[count];
                for (int i = 0; i < count; i++) {
                    String name = runtime + "-seq-" + i;
                    long t0 = System.nanoTime();
                    api.pods().inNamespace(NS).resource(pod(name, node)).create();
                    sequential[i] = (awaitRunning(runningAt, name, t0) - t0) / 1_000_000;
                }
                Thread.sleep(5_000); // the last statuses and probes settle
                long busyHeap = LiveHeap.bytes(edge.pid());
                long busyThreads = KedgeBench.procStatus(edge.pid(), "Threads:");
                deleteAll(runtime + "-seq-", data);

                List<String> names = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    names.add(runtime + "-burst-" + i);
                }
                ExecutorService creators = Executors.newFixedThreadPool(8);
                long t0 = System.nanoTime();
                Map<String, Long> createdAt = new ConcurrentHashMap<>();
                List<Future<?>> created = new ArrayList<>();
                for (String name : names) {
                    created.add(creators.submit(() -> {
                        createdAt.put(name, System.nanoTime());
                        return api.pods().inNamespace(NS).resource(pod(name, node)).create();
                    }));
                }
                for (Future<?> f : created) {
                    f.get();
                }
                creators.shutdown();
                long[] burst = new long[count];
                long last = 0;
                for (int i = 0; i < count; i++) {
                    long at = awaitRunning(runningAt, names.get(i), t0);
                    burst[i] = (at - createdAt.get(names.get(i))) / 1_000_000;
                    last = Math.max(last, at);
                }
                long burstTotal = (last - t0) / 1_000_000;
                deleteAll(runtime + "-burst-", data);
                return new Figures(runtime, sequential, burstTotal, burst, idleHeap, idleThreads, busyHeap, busyThreads);
            }
        } finally {
            stopNode(edge, data);
        }
    }

    private Watcher<Pod> runningWatcher(Map<String, Long> runningAt) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
                    runningAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                if (cause != null) {
                    System.out.println("watch closed: " + cause.getMessage());
                }
            }
        };
    }

    private static long awaitRunning(Map<String, Long> runningAt, String name, long since) throws InterruptedException {
        long deadline = since + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Long at = runningAt.get(name);
            if (at != null) {
                return at;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("pod " + name + " not Running in the API after 120 s");
    }

    /** Deletes the bench's pods of this prefix and waits until their containers and sandboxes are gone. */
    private void deleteAll(String prefix, Path data) throws Exception {
        api.pods().inNamespace(NS).list().getItems().stream().filter(p -> p.getMetadata().getName().startsWith(prefix))
                .forEach(p -> api.pods().inNamespace(NS).withName(p.getMetadata().getName()).delete());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((!markerProcesses().isEmpty() || !ContainerdLeftovers.shims(data).isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (!markerProcesses().isEmpty() || !ContainerdLeftovers.shims(data).isEmpty()) {
            System.out.println("warning: " + markerProcesses().size() + " containers, "
                    + ContainerdLeftovers.shims(data).size() + " sandboxes still there 120 s after deleting " + prefix + "*");
        }
    }

    private Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", "bench-pods")
                .endMetadata().withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage("busybox").withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", marker).endContainer().endSpec().build();
    }

    /**
     * Process ids whose command line is {@code sleep MARKER} (the process runtime runs it by its path,
     * {@code /usr/bin/sleep}): the bench's containers, on either runtime.
     */
    private List<Long> markerProcesses() throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String[] argv = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .split("\0");
                    if (argv.length == 2 && (argv[0].equals("sleep") || argv[0].endsWith("/sleep"))
                            && argv[1].equals(marker)) {
                        found.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return found;
    }

    /** Stops the node, then ends what it left running: its containers, and what its containerd left. */
    private void stopNode(Process edge, Path data) throws Exception {
        edge.destroy();
        if (!edge.waitFor(30, TimeUnit.SECONDS)) {
            edge.destroyForcibly();
            edge.waitFor(10, TimeUnit.SECONDS);
        }
        for (long pid : markerProcesses()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        ContainerdLeftovers.clean(data, BRIDGE, SUBNET_PREFIX);
    }

    private void importBusybox(Path socket) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Process script = new ProcessBuilder("bash", "scripts/busybox-image.sh", work.resolve("images").toString(),
                socket.toString()).redirectErrorStream(true).redirectOutput(work.resolve("busybox-image.log").toFile())
                .start();
        if (!script.waitFor(300, TimeUnit.SECONDS) || script.exitValue() != 0) {
            throw new IllegalStateException("busybox image not imported: see " + work.resolve("busybox-image.log"));
        }
    }

    /** Empty when this machine can run the containerd node, else why not. */
    private static String containerdMissing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        for (String tool : List.of("containerd", "runc", "ctr", "umoci", "skopeo", "busybox")) {
            boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                return tool + " not installed: scripts/setup-debian.sh";
            }
        }
        return "";
    }

    /** One runtime's figures, with ratios against {@code base} measured in the same run. */
    private static void print(int count, Figures f, Figures base) {
        long p50 = percentile(f.sequentialMillis(), 50);
        long p99 = percentile(f.sequentialMillis(), 99);
        String vs = f == base ? "" : String.format("  (vs %s: p50 %.2fx, p99 %.2fx)", base.runtime(),
                (double) p50 / percentile(base.sequentialMillis(), 50),
                (double) p99 / percentile(base.sequentialMillis(), 99));
        System.out.printf("%s: pod apply -> Running in the API, %d one after another: p50 %d ms, p99 %d ms, max %d ms%s%n",
                f.runtime(), count, p50, p99, Arrays.stream(f.sequentialMillis()).max().orElse(0), vs);
        System.out.printf("%s: %d pods created at once: all Running after %d ms (each: p50 %d ms, p99 %d ms)%s%n",
                f.runtime(), count, f.burstTotalMillis(), percentile(f.burstMillis(), 50),
                percentile(f.burstMillis(), 99), f == base ? "" : String.format("  (vs %s: %.2fx)", base.runtime(),
                        (double) f.burstTotalMillis() / base.burstTotalMillis()));
        System.out.printf("%s: node live heap %.1f MiB with %d pods running, idle %.1f MiB (ratio %.2fx); threads %d, idle %d (+%d)%n",
                f.runtime(), f.busyHeapBytes() / 1048576.0, count, f.idleHeapBytes() / 1048576.0,
                (double) f.busyHeapBytes() / f.idleHeapBytes(), f.busyThreads(), f.idleThreads(),
                f.busyThreads() - f.idleThreads());
        System.out.println(f.runtime() + ": one after another, ms: " + Arrays.toString(f.sequentialMillis()));
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
