package io.kedge.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Kedge benchmarks, each beside a baseline measured in the same run. Run after a build:
 * <ul>
 * <li>{@code ./kedge bench [runs]}: edge cold start (process start → "Connected to the cloud") and
 * idle RSS of the default node, against a bare JVM with the same options that only sleeps;</li>
 * <li>{@code ./kedge bench channel [NODES] [SERVICES]} and {@code ./kedge bench storm [NODES]}: the
 * cloud–edge channel under a fleet of simulated nodes, see {@link ChannelBench}.
 * <li>{@code ./kedge bench meta [N]}: objects/s applied (persisted and acknowledged) at the edge, and
 * MetaServer list latency for N pods (default 10,000) against the same list from the cloud's API.
 * The pods are created before the node first connects, so they arrive as one inventory diff.</li>
 * <li>{@code ./kedge bench outbox [SECONDS] [DIR]}: pod status reports/s the node's outbox accepts with
 * group commit against one commit per report, see {@link io.kedge.metamanager.OutboxBench}.</li>
 * <li>{@code ./kedge bench pods [COUNT]}: pod apply → Running in the API, one after another and all at
 * once, on each runtime this machine runs, and the node's heap and threads with COUNT pods against
 * idle, see {@link PodStartBench}.</li>
 * <li>{@code ./kedge bench mqtt [MESSAGES] [ROUNDS]}: QoS 1 messages/s through the node's embedded
 * broker against mosquitto, and what the broker costs in memory, see {@link MqttBench}.</li>
 * <li>{@code ./kedge bench mapper [DEVICES] [CYCLE_MS] [SECONDS] [UPDATES]}: virtual mapper jar dropped → first reading
 * in the API, readings/s through DMI, cost of a hot update of the mapper, see {@link MapperBench}.</li>
 * </ul>
 */
public class KedgeBench {
    private static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    private static final String NODE = "bench-meta";
    private static final String NS = "bench";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("channel")) {
            ChannelBench.channel(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("storm")) {
            ChannelBench.storm(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("pods")) {
            PodStartBench.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("twin")) {
            TwinBench.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("mapper")) {
            MapperBench.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("mqtt")) {
            MqttBench.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("outbox")) {
            io.kedge.metamanager.OutboxBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("meta")) {
            meta(Arrays.copyOfRange(args, 1, args.length));
        } else {
            startup(args);
        }
    }

    private static void startup(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Files.createTempDirectory("kedge-bench-");
        int hubPort = freePort();
        Process api = start(work, "api", "api", "--port", "0", "--kubeconfig", work.resolve("kubeconfig").toString());
        awaitLog(api, work.resolve("api.log"), "Kubernetes API listening", 90_000);
        int certPort = freePort();
        Process cloud = start(work, "cloud", cloudArgs(work, hubPort, certPort));
        awaitLog(cloud, work.resolve("cloud.log"), "CloudHub listening", 90_000);
        String token = token(work);
        try {
            Path idleClasses = compileIdle(work);
            long[] startMillis = new long[runs];
            long[] rssKib = new long[runs];
            long[] threads = new long[runs];
            long[] baselineMillis = new long[runs];
            long[] baselineRssKib = new long[runs];
            for (int i = 0; i < runs; i++) {
                Path data = work.resolve("node-" + i);
                long t0 = System.nanoTime();
                Process edge = start(work, "edge-" + i, joinArgs(hubPort, certPort, token, "bench-" + i, data,
                        "--console-port", Integer.toString(freePort()), "--metaserver-port", Integer.toString(freePort()), "--mqtt-port", Integer.toString(freePort())));
                awaitLog(edge, work.resolve("edge-" + i + ".log"), "Connected to the cloud", 90_000);
                startMillis[i] = (System.nanoTime() - t0) / 1_000_000;
                Thread.sleep(10_000); // idle: let start-up garbage settle
                rssKib[i] = procStatus(edge.pid(), "VmRSS:");
                threads[i] = procStatus(edge.pid(), "Threads:");
                edge.destroy();
                edge.waitFor(20, TimeUnit.SECONDS);

                long b0 = System.nanoTime();
                Process baseline = baselineJvm(work, idleClasses);
                awaitLog(baseline, work.resolve("baseline.log"), "idle", 30_000);
                baselineMillis[i] = (System.nanoTime() - b0) / 1_000_000;
                Thread.sleep(2_000);
                baselineRssKib[i] = procStatus(baseline.pid(), "VmRSS:");
                baseline.destroyForcibly();
                baseline.waitFor(10, TimeUnit.SECONDS);
            }
            long start = median(startMillis), memory = median(rssKib);
            long baseStart = median(baselineMillis), baseMemory = median(baselineRssKib);
            System.out.printf("edge (runtime " + RUNTIME + ") cold start (process start -> connected), median of %d: %d ms  (bare JVM: %d ms, ratio %.1fx)%n",
                    runs, start, baseStart, (double) start / baseStart);
            System.out.printf("edge idle RSS, median of %d: %.1f MiB  (bare JVM: %.1f MiB, ratio %.1fx)%n",
                    runs, memory / 1024.0, baseMemory / 1024.0, (double) memory / baseMemory);
            System.out.printf("edge idle threads, median of %d: %d%n", runs, median(threads));
            System.out.println("all runs, ms: " + Arrays.toString(startMillis) + "  RSS KiB: " + Arrays.toString(rssKib)
                    + "  threads: " + Arrays.toString(threads));
        } finally {
            cloud.destroy();
            api.destroy();
            cloud.waitFor(20, TimeUnit.SECONDS);
            api.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Compiles the baseline's class once, outside any timing. */
    static Path compileIdle(Path work) throws IOException, InterruptedException {
        Path source = work.resolve("Idle.java");
        Files.writeString(source, "public class Idle { public static void main(String[] a) throws Exception {"
                + " System.out.println(\"idle\"); Thread.sleep(600_000); } }");
        Path classes = work.resolve("idle-classes");
        int exit = new ProcessBuilder("javac", "-d", classes.toString(), source.toString()).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("javac failed for the baseline class");
        }
        return classes;
    }

    /** A JVM with the edge's default options running nothing but a sleep. */
    static Process baselineJvm(Path work, Path classes) throws IOException {
        Files.deleteIfExists(work.resolve("baseline.log"));
        return new ProcessBuilder("java", "-Xmx96m", "-XX:+UseSerialGC", "-Xss512k", "-cp", classes.toString(), "Idle")
                .redirectErrorStream(true).redirectOutput(work.resolve("baseline.log").toFile()).start();
    }

    private static void meta(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path work = Files.createTempDirectory("kedge-meta-bench-");
        Process api = start(work, "api", "api", "--port", "0", "--kubeconfig", work.resolve("kubeconfig").toString());
        awaitLog(api, work.resolve("api.log"), "Kubernetes API listening", 90_000);
        List<Process> processes = new ArrayList<>(List.of(api));
        try (KubernetesClient cloudApi = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(work.resolve("kubeconfig")))).build()) {
            long c0 = System.nanoTime();
            IntStream.range(0, pods).parallel().forEach(i -> cloudApi.pods().inNamespace(NS).resource(pod(i)).create());
            System.out.printf("created %d pods in the API in %.1f s%n", pods, (System.nanoTime() - c0) / 1e9);

            int hubPort = freePort();
            int certPort = freePort();
            List<String> cloudArgs = new ArrayList<>(List.of(cloudArgs(work, hubPort, certPort)));
            cloudArgs.addAll(List.of("--send-window", "100000"));
            Process cloud = start(work, "cloud", cloudArgs.toArray(String[]::new));
            processes.add(cloud);
            awaitLog(cloud, work.resolve("cloud.log"), "CloudHub listening", 90_000);
            int metaPort = freePort();
            Process edge = start(work, "edge", joinArgs(hubPort, certPort, token(work), NODE, work.resolve("node"),
                    "--console-port", Integer.toString(freePort()), "--metaserver-port", Integer.toString(metaPort), "--mqtt-port", Integer.toString(freePort())));
            processes.add(edge);
            awaitLog(edge, work.resolve("edge.log"), "Connected to the cloud", 90_000);
            long connected = System.nanoTime();

            Config metaConfig = new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + metaPort)
                    .withRequestTimeout(60_000).build();
            try (KubernetesClient metaServer = new KubernetesClientBuilder().withConfig(metaConfig).build()) {
                while (count(metaServer) < pods) {
                    Thread.sleep(50);
                }
                double seconds = (System.nanoTime() - connected) / 1e9;
                System.out.printf("edge applied %d pods (persisted, acked) in %.1f s after connecting: %.0f objects/s%n",
                        pods, seconds, pods / seconds);

                long[] edgeMillis = new long[7];
                long[] cloudMillis = new long[7];
                for (int i = 0; i < edgeMillis.length; i++) {
                    edgeMillis[i] = timeList(metaServer, pods);
                    cloudMillis[i] = timeList(cloudApi, pods);
                }
                long edgeMedian = median(edgeMillis);
                long cloudMedian = median(cloudMillis);
                System.out.printf("list %d pods, median of %d: MetaServer %d ms, cloud API %d ms (ratio %.2fx)%n",
                        pods, edgeMillis.length, edgeMedian, cloudMedian, (double) edgeMedian / cloudMedian);
                System.out.println("MetaServer ms: " + Arrays.toString(edgeMillis) + "  cloud API ms: "
                        + Arrays.toString(cloudMillis));
            }
        } finally {
            for (Process process : processes) {
                process.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static int count(KubernetesClient client) {
        try {
            return client.pods().inNamespace(NS).list().getItems().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static long timeList(KubernetesClient client, int expected) {
        long t0 = System.nanoTime();
        int size = client.pods().inAnyNamespace().list().getItems().size();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (size < expected) {
            throw new IllegalStateException("listed " + size + " of " + expected);
        }
        return millis;
    }

    private static Pod pod(int i) {
        return new PodBuilder().withNewMetadata().withName("pod-" + i).withNamespace(NS).addToLabels("app", "bench")
                .endMetadata().withNewSpec().withNodeName(NODE).addNewContainer().withName("main")
                .withImage("busybox:1.36").endContainer().endSpec().build();
    }

    /** {@code ./kedge cloud} with TLS on free ports, against the API whose kubeconfig is in {@code work}. */
    static String[] cloudArgs(Path work, int hubPort, int certPort) throws IOException {
        return new String[] {"cloud", "--kubeconfig", work.resolve("kubeconfig").toString(), "--bind", "127.0.0.1",
            "--port", Integer.toString(hubPort), "--cert-port", Integer.toString(certPort),
            "--metrics-port", Integer.toString(freePort())};
    }

    /**
     * The runtime of the benched nodes: {@code process} by default (a node's own cost, without the
     * containerd daemon it would start); {@code KEDGE_BENCH_RUNTIME=containerd} measures that one.
     */
    static final String RUNTIME = System.getenv().getOrDefault("KEDGE_BENCH_RUNTIME", "process");

    /** {@code ./kedge edge join} for a new node on this machine. */
    static String[] joinArgs(int hubPort, int certPort, String token, String node, Path data, String... extra) {
        return joinArgs(RUNTIME, hubPort, certPort, token, node, data, extra);
    }

    /** The same on the given runtime. */
    static String[] joinArgs(String runtime, int hubPort, int certPort, String token, String node, Path data,
            String... extra) {
        List<String> args = new ArrayList<>(List.of("edge", "join", "--cloud", "127.0.0.1:" + hubPort, "--cert-url",
                "https://127.0.0.1:" + certPort, "--token", token, "--node", node, "--data", data.toString(),
                "--runtime", runtime));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** A fresh cluster-wide join token ({@code ./kedge cloud token --any-node}): benches join many nodes with one. */
    static String token(Path work) throws Exception {
        Process process = start(work, "token", "cloud", "token", "--any-node", "--kubeconfig",
                work.resolve("kubeconfig").toString());
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("kedge cloud token failed: see " + work.resolve("token.log"));
        }
        return Files.readAllLines(work.resolve("token.log")).stream().filter(l -> l.matches("[0-9a-f]{64}\\..+"))
                .reduce((first, second) -> second).orElseThrow(() -> new IllegalStateException("no token printed"));
    }

    static Process start(Path work, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("kedge").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("KEDGE_NO_BUILD", "1");
        return builder.start();
    }

    static void awaitLog(Process process, Path log, String text, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(log + " ended before '" + text + "'");
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("timed out waiting for '" + text + "' in " + log);
    }

    /** A numeric field of /proc/PID/status, e.g. "VmRSS:" (KiB) or "Threads:". */
    static long procStatus(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no " + field + " for " + pid);
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
