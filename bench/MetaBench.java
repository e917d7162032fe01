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
 * Objects/s applied (persisted and acknowledged) at the edge, and MetaServer list latency for N pods
 * against the same list from the cloud's Kubernetes API, measured in the same run. The N pods are
 * created before the node first connects, so the node receives them as one inventory diff.
 * Run after a build: {@code ./kedge bench meta [N]} (default 10,000).
 */
public class MetaBench {
    private static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    private static final String NODE = "bench-meta";
    private static final String NS = "bench";

    public static void main(String[] args) throws Exception {
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
            Process cloud = start(work, "cloud", "cloud", "--kubeconfig", work.resolve("kubeconfig").toString(),
                    "--bind", "127.0.0.1", "--port", Integer.toString(hubPort), "--send-window", "100000");
            processes.add(cloud);
            awaitLog(cloud, work.resolve("cloud.log"), "CloudHub listening", 90_000);
            int metaPort = freePort();
            Process edge = start(work, "edge", "edge", "--cloud", "127.0.0.1:" + hubPort, "--node", NODE, "--data",
                    work.resolve("node").toString(), "--console-port", Integer.toString(freePort()),
                    "--metaserver-port", Integer.toString(metaPort));
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
