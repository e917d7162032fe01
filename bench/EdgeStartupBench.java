import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Edge cold start (process start → "Connected to the cloud") and idle RSS of the default node,
 * each beside a baseline measured in the same run: a bare JVM with the same options that only
 * sleeps. Run from the checkout after a build: {@code ./kedge bench [runs]}.
 */
public class EdgeStartupBench {
    private static final Path ROOT = Path.of(".").toAbsolutePath().normalize();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Files.createTempDirectory("kedge-bench-");
        int hubPort = freePort();
        Process api = start(work, "api", "api", "--port", "0", "--kubeconfig", work.resolve("kubeconfig").toString());
        awaitLog(api, work.resolve("api.log"), "Kubernetes API listening", 90_000);
        Process cloud = start(work, "cloud", "cloud", "--kubeconfig", work.resolve("kubeconfig").toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(hubPort));
        awaitLog(cloud, work.resolve("cloud.log"), "CloudHub listening", 90_000);
        try {
            long[] startMillis = new long[runs];
            long[] rssKib = new long[runs];
            long[] baselineMillis = new long[runs];
            long[] baselineRssKib = new long[runs];
            for (int i = 0; i < runs; i++) {
                Path data = work.resolve("node-" + i);
                long t0 = System.nanoTime();
                Process edge = start(work, "edge-" + i, "edge", "--cloud", "127.0.0.1:" + hubPort, "--node", "bench-" + i,
                        "--data", data.toString(), "--console-port", Integer.toString(freePort()),
                        "--metaserver-port", Integer.toString(freePort()));
                awaitLog(edge, work.resolve("edge-" + i + ".log"), "Connected to the cloud", 90_000);
                startMillis[i] = (System.nanoTime() - t0) / 1_000_000;
                Thread.sleep(10_000); // idle: let start-up garbage settle
                rssKib[i] = rss(edge.pid());
                edge.destroy();
                edge.waitFor(20, TimeUnit.SECONDS);

                long b0 = System.nanoTime();
                Process baseline = baselineJvm(work);
                awaitLog(baseline, work.resolve("baseline.log"), "idle", 30_000);
                baselineMillis[i] = (System.nanoTime() - b0) / 1_000_000;
                Thread.sleep(2_000);
                baselineRssKib[i] = rss(baseline.pid());
                baseline.destroyForcibly();
                baseline.waitFor(10, TimeUnit.SECONDS);
            }
            long start = median(startMillis), memory = median(rssKib);
            long baseStart = median(baselineMillis), baseMemory = median(baselineRssKib);
            System.out.printf("edge cold start (process start -> connected), median of %d: %d ms  (bare JVM: %d ms, ratio %.1fx)%n",
                    runs, start, baseStart, (double) start / baseStart);
            System.out.printf("edge idle RSS, median of %d: %.1f MiB  (bare JVM: %.1f MiB, ratio %.1fx)%n",
                    runs, memory / 1024.0, baseMemory / 1024.0, (double) memory / baseMemory);
            System.out.println("all runs, ms: " + Arrays.toString(startMillis) + "  RSS KiB: " + Arrays.toString(rssKib));
        } finally {
            cloud.destroy();
            api.destroy();
            cloud.waitFor(20, TimeUnit.SECONDS);
            api.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** A JVM with the edge's default options running nothing but a sleep. */
    private static Process baselineJvm(Path work) throws IOException {
        Path source = work.resolve("Idle.java");
        Files.writeString(source, "public class Idle { public static void main(String[] a) throws Exception {"
                + " System.out.println(\"idle\"); Thread.sleep(600_000); } }");
        Path classes = work.resolve("idle-classes");
        if (!Files.exists(classes.resolve("Idle.class"))) {
            try {
                new ProcessBuilder("javac", "-d", classes.toString(), source.toString()).inheritIO().start().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(work.resolve("baseline.log"));
        return new ProcessBuilder("java", "-Xmx96m", "-XX:+UseSerialGC", "-Xss512k", "-cp", classes.toString(), "Idle")
                .redirectErrorStream(true).redirectOutput(work.resolve("baseline.log").toFile()).start();
    }

    private static Process start(Path work, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("kedge").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("KEDGE_NO_BUILD", "1");
        return builder.start();
    }

    private static void awaitLog(Process process, Path log, String text, long timeoutMillis) throws Exception {
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

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
