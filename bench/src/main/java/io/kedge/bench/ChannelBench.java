package io.kedge.bench;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kedge.bench.fleet.FleetSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cloud–edge channel under a fleet of simulated nodes (real TLS sessions, one certificate each):
 * {@code channel [NODES] [SERVICES]} measures acknowledged cloud→edge messages per second and the
 * cloud's heap per idle node; {@code storm [NODES]} kills the cloud and times the fleet's return.
 */
final class ChannelBench {
    private static final Pattern METRICS_URL = Pattern.compile("Metrics on (http://\\S+/metrics)");

    private final Path work;
    private final int hubPort;
    private final int certPort;
    private final List<Process> processes = new ArrayList<>();
    private Process cloud;

    private ChannelBench(Path work) throws Exception {
        this.work = work;
        this.hubPort = KedgeBench.freePort();
        this.certPort = KedgeBench.freePort();
    }

    static void channel(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int services = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        ChannelBench bench = new ChannelBench(Files.createTempDirectory("kedge-channel-bench-"));
        try (KubernetesClient api = bench.startApiAndCloud()) {
            long idleHeap = bench.heapAfterGc();
            try (FleetSimulator fleet = bench.fleet(nodes)) {
                long fleetHeap = bench.heapAfterGc();
                System.out.printf("cloud heap after GC: %.1f MiB with no node, %.1f MiB with %d idle nodes:"
                                + " %.1f KiB per connected node%n", idleHeap / 1048576.0, fleetHeap / 1048576.0, nodes,
                        (fleetHeap - idleHeap) / 1024.0 / nodes);
                Thread.sleep(2_000); // inventory syncs settle
                long before = fleet.acks();
                long expected = (long) services * nodes;
                long t0 = System.nanoTime();
                ExecutorService writers = Executors.newFixedThreadPool(16);
                List<Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < services; i++) {
                    String name = "svc-" + i;
                    writes.add(writers.submit(() -> api.services().inNamespace("bench").resource(new ServiceBuilder()
                            .withNewMetadata().withName(name).endMetadata().withNewSpec().addNewPort().withPort(80)
                            .endPort().endSpec().build()).create()));
                }
                for (Future<?> write : writes) {
                    write.get();
                }
                writers.shutdown();
                double apiSeconds = (System.nanoTime() - t0) / 1e9;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (fleet.acks() - before < expected && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long acked = fleet.acks() - before;
                System.out.printf("API: %d services created in %.2f s (%.0f writes/s, the input)%n", services,
                        apiSeconds, services / apiSeconds);
                System.out.printf("channel: %d of %d messages acknowledged by %d nodes in %.2f s: %.0f acked msg/s"
                        + " (%.0fx the API's write rate)%n", acked, expected, nodes, seconds, acked / seconds,
                        (acked / seconds) / (services / apiSeconds));
            }
        } finally {
            bench.stop();
        }
    }

    static void storm(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ChannelBench bench = new ChannelBench(Files.createTempDirectory("kedge-storm-bench-"));
        try (KubernetesClient api = bench.startApiAndCloud(); FleetSimulator fleet = bench.fleet(nodes)) {
            long heap = bench.heapAfterGc();
            long killedAt = System.nanoTime();
            bench.cloud.destroyForcibly().waitFor();
            bench.startCloud();
            long listeningAt = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (fleet.firstConnectsAfter(killedAt).stream().anyMatch(t -> t < 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<Long> back = fleet.firstConnectsAfter(killedAt).stream()
                    .map(t -> t < 0 ? Long.MAX_VALUE : Math.max(0, TimeUnit.NANOSECONDS.toMillis(t - listeningAt)))
                    .sorted().toList();
            long missing = back.stream().filter(t -> t == Long.MAX_VALUE).count();
            System.out.printf("storm: %d nodes, cloud heap %.1f MiB before the kill; after the restart %d back,"
                            + " %d missing; all back in %d ms (median %d ms, 90%% %d ms)%n", nodes,
                    heap / 1048576.0, nodes - missing, missing, back.get(back.size() - 1), back.get(back.size() / 2),
                    back.get(back.size() * 9 / 10));
            System.out.printf("cloud heap after the storm, after GC: %.1f MiB%n", bench.heapAfterGc() / 1048576.0);
        } finally {
            bench.stop();
        }
    }

    private KubernetesClient startApiAndCloud() throws Exception {
        Process api = KedgeBench.start(work, "api", "api", "--port", "0", "--kubeconfig",
                work.resolve("kubeconfig").toString());
        processes.add(api);
        KedgeBench.awaitLog(api, work.resolve("api.log"), "Kubernetes API listening", 90_000);
        startCloud();
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(
                work.resolve("kubeconfig")))).build();
    }

    private void startCloud() throws Exception {
        List<String> args = new ArrayList<>(List.of(KedgeBench.cloudArgs(work, hubPort, certPort)));
        args.addAll(List.of("--node-lifecycle", "on", "--send-window", "100000"));
        Files.deleteIfExists(work.resolve("cloud.log"));
        cloud = KedgeBench.start(work, "cloud", args.toArray(String[]::new));
        processes.add(cloud);
        KedgeBench.awaitLog(cloud, work.resolve("cloud.log"), "CloudHub listening", 90_000);
    }

    private FleetSimulator fleet(int nodes) throws Exception {
        long t0 = System.nanoTime();
        FleetSimulator fleet = FleetSimulator.start(new FleetSimulator.Settings("wss://127.0.0.1:" + hubPort,
                "https://127.0.0.1:" + certPort, KedgeBench.token(work), "sim", nodes, 1_000, 60_000,
                Duration.ofSeconds(15)));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (fleet.connected() < nodes && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.printf("fleet: %d of %d nodes joined (token, CSR) and connected in %.1f s%n", fleet.connected(),
                nodes, (System.nanoTime() - t0) / 1e9);
        return fleet;
    }

    /** Used heap of the cloud-app right after a full GC: jcmd GC.run, then its /metrics. */
    private long heapAfterGc() throws Exception {
        Process gc = new ProcessBuilder("jcmd", Long.toString(cloud.pid()), "GC.run").redirectErrorStream(true)
                .start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        Matcher url = METRICS_URL.matcher(Files.readString(work.resolve("cloud.log")));
        if (!url.find()) {
            throw new IllegalStateException("the cloud did not log its metrics URL");
        }
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith("jvm_memory_heap_used_bytes "))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(' ') + 1).trim())).findFirst()
                .orElseThrow();
    }

    private void stop() {
        processes.forEach(Process::destroyForcibly);
    }
}
