package io.kedge.bench;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kedge.bench.fleet.FleetSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The cloud–edge channel under a fleet of simulated nodes (real TLS sessions, one certificate each),
 * against the real cloud-app and API processes:
 * <ul>
 * <li>{@code channel [NODES] [SERVICES]}: acknowledged cloud→edge messages per second while services
 * are created (every service goes to every node; unmeasured rounds first warm the JIT), beside the API's own write rate measured alone in
 * the same run; the same once more for a fleet catching up after an outage (the channel's own
 * ceiling, not the API's); the cloud's heap per idle connected node.</li>
 * <li>{@code storm [NODES]}: the cloud is killed (SIGKILL) and restarted; time from its "listening"
 * line to the last node back, and how the full-jitter backoff spread the returns.</li>
 * </ul>
 */
final class ChannelBench {
    private static final int WRITERS = 16;
    private static final int WARMUP_ROUNDS = 3;
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final Path work;
    private final int hubPort;
    private final int certPort;
    private final List<Process> processes = new ArrayList<>();
    private Process api;
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
        try (KubernetesClient api = bench.startApi()) {
            createServices(api, "warmup", "svc", 200); // a cold API is slower: warm it before the baseline
            deleteServices(api, "warmup", "svc", 200);
            double apiAlone = services / createServices(api, "baseline", "svc", services);
            System.out.printf("API alone (no cloud-app, no nodes): %d services created in %.2f s: %.0f writes/s%n",
                    services, services / apiAlone, apiAlone);
            deleteServices(api, "baseline", "svc", services); // gone before the cloud starts: they never reach a node

            bench.startCloud();
            long idleHeap = bench.heapAfterGc();
            try (FleetSimulator probe = bench.fleet("probe", 1, false); FleetSimulator fleet = bench.fleet("sim", nodes,
                    true)) {
                long fleetHeap = bench.heapAfterGc();
                System.out.printf("cloud heap after GC: %.1f MiB with no node, %.1f MiB with %d idle nodes:"
                                + " %.1f KiB per connected node%n", mib(idleHeap), mib(fleetHeap), nodes + 1,
                        (fleetHeap - idleHeap) / 1024.0 / (nodes + 1));
                Thread.sleep(2_000); // inventory syncs settle
                // The same path, unmeasured, until the JIT has compiled it: on two busy cores the one C2
                // thread needs tens of seconds, and the TLS cipher runs several times slower until then.
                for (int round = 0; round < WARMUP_ROUNDS; round++) {
                    long warmupBefore = fleet.acks();
                    createServices(api, "warmup", "svc", services);
                    deleteServices(api, "warmup", "svc", services);
                    await(() -> fleet.acks() - warmupBefore >= 2L * services * nodes, PATIENCE);
                }

                long before = fleet.acks();
                long expected = (long) services * nodes;
                Cpu liveCpu = bench.cpu();
                long t0 = System.nanoTime();
                double apiSeconds = createServices(api, "bench", "svc", services);
                boolean all = await(() -> fleet.acks() - before >= expected, PATIENCE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long acked = fleet.acks() - before;
                double live = acked / seconds;
                System.out.printf("API under load: %d services created in %.2f s: %.0f writes/s%n", services, apiSeconds,
                        services / apiSeconds);
                System.out.printf("live channel: %d of %d messages acknowledged by %d nodes in %.2f s: %.0f acked msg/s"
                                + " = %.1fx the API's write rate alone%s%n", acked, expected, nodes, seconds, live,
                        live / apiAlone, all ? "" : " (INCOMPLETE)");
                System.out.println("live channel, " + bench.cpu().minus(liveCpu).perMessage(acked));

                // the same amount once more, but to a fleet that was away while the API took it
                fleet.suspendAll();
                long probeBefore = probe.acks();
                createServices(api, "bench", "late", services);
                await(() -> probe.acks() - probeBefore >= services, PATIENCE); // the cloud has them all
                long resumedBefore = fleet.acks();
                Cpu catchUpCpu = bench.cpu();
                long r0 = System.nanoTime();
                fleet.resumeAll();
                boolean caughtUp = await(() -> fleet.acks() - resumedBefore >= expected, PATIENCE);
                double catchUpSeconds = (System.nanoTime() - r0) / 1e9;
                long caught = fleet.acks() - resumedBefore;
                System.out.printf("catch-up: %d nodes reconnect (TLS), send their inventory and acknowledge the %d"
                                + " services they missed: %d messages in %.2f s: %.0f acked msg/s (%.1fx live)%s%n",
                        nodes, services, caught, catchUpSeconds, caught / catchUpSeconds,
                        caught / catchUpSeconds / live, caughtUp ? "" : " (INCOMPLETE)");
                System.out.println("catch-up, " + bench.cpu().minus(catchUpCpu).perMessage(caught));
                System.out.printf("fleet simulator heap after GC: %.1f MiB for %d nodes%n", mib(simulatorHeap()),
                        nodes + 1);
            }
        } finally {
            bench.stop();
        }
    }

    static void storm(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ChannelBench bench = new ChannelBench(Files.createTempDirectory("kedge-storm-bench-"));
        try (KubernetesClient api = bench.startApi()) {
            bench.startCloud();
            long idleHeap = bench.heapAfterGc();
            try (FleetSimulator fleet = bench.fleet("sim", nodes, true)) {
                long heap = bench.heapAfterGc();
                System.out.printf("cloud heap after GC: %.1f MiB with no node, %.1f MiB with %d idle nodes:"
                                + " %.1f KiB per connected node%n", mib(idleHeap), mib(heap), nodes,
                        (heap - idleHeap) / 1024.0 / nodes);
                System.out.printf("fleet simulator heap after GC: %.1f MiB for %d nodes%n", mib(simulatorHeap()),
                        nodes);

                long killedAt = System.nanoTime();
                bench.cloud.destroyForcibly().waitFor();
                bench.startCloud();
                long listeningAt = System.nanoTime();
                boolean all = await(() -> fleet.firstConnectsAfter(killedAt).stream().allMatch(t -> t >= 0), PATIENCE);
                List<Long> firsts = fleet.firstConnectsAfter(killedAt);
                List<Long> back = firsts.stream().filter(t -> t >= 0)
                        .map(t -> TimeUnit.NANOSECONDS.toMillis(t - listeningAt)).sorted().toList();
                System.out.printf("storm: cloud killed (SIGKILL) and restarted, listening again after %d ms; %d of %d"
                                + " nodes back%s%n", TimeUnit.NANOSECONDS.toMillis(listeningAt - killedAt), back.size(),
                        nodes, all ? "" : " (INCOMPLETE)");
                System.out.println("storm: " + Spread.of(back));
                System.out.printf("cloud heap after the storm, after GC: %.1f MiB%n", mib(bench.heapAfterGc()));

                String key = "default/service/after-storm";
                long c0 = System.nanoTime();
                api.services().inNamespace("default").resource(service("after-storm")).create();
                boolean everyone = await(() -> fleet.nodesHolding(key) == nodes, PATIENCE);
                System.out.printf("after the storm: a new service reached %d of %d nodes in %d ms%n",
                        fleet.nodesHolding(key), nodes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0));
                if (!everyone) {
                    System.out.println("after the storm: INCOMPLETE");
                }
            }
        } finally {
            bench.stop();
        }
    }

    /** Reconnect times (ms after the cloud's "listening" line, sorted) summed up for a reader. */
    record Spread(int nodes, long first, long p10, long median, long p90, long last, int busiest100ms, int slots) {
        static Spread of(List<Long> sortedMillis) {
            if (sortedMillis.isEmpty()) {
                return new Spread(0, 0, 0, 0, 0, 0, 0, 0);
            }
            Map<Long, Integer> perSlot = new TreeMap<>();
            sortedMillis.forEach(ms -> perSlot.merge(Math.floorDiv(ms, 100), 1, Integer::sum));
            int n = sortedMillis.size();
            return new Spread(n, sortedMillis.get(0), sortedMillis.get(n / 10), sortedMillis.get(n / 2),
                    sortedMillis.get(n * 9 / 10), sortedMillis.get(n - 1),
                    perSlot.values().stream().mapToInt(Integer::intValue).max().orElse(0), perSlot.size());
        }

        @Override
        public String toString() {
            return String.format("%d nodes back, last %d ms after the listening line (first %d, 10%% %d, median %d,"
                            + " 90%% %d); busiest 100 ms slot %d nodes (%.1f%%), %d slots used", nodes, last, first, p10,
                    median, p90, busiest100ms, 100.0 * busiest100ms / Math.max(1, nodes), slots);
        }
    }

    /** CPU time used so far by the cloud-app, the API and this JVM (the simulator and the API writers). */
    record Cpu(long cloudNanos, long apiNanos, long simulatorNanos) {
        Cpu minus(Cpu earlier) {
            return new Cpu(cloudNanos - earlier.cloudNanos, apiNanos - earlier.apiNanos,
                    simulatorNanos - earlier.simulatorNanos);
        }

        String perMessage(long messages) {
            double n = Math.max(1, messages) * 1000.0;
            return String.format("CPU per acked message: cloud-app %.0f us, simulator %.0f us, API %.0f us"
                    + " (%d cores here)", cloudNanos / n, simulatorNanos / n, apiNanos / n,
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private Cpu cpu() {
        return new Cpu(cpuNanos(cloud.toHandle()), cpuNanos(api.toHandle()), cpuNanos(ProcessHandle.current()));
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Creates {@code count} services from {@link #WRITERS} threads; seconds taken. */
    private static double createServices(KubernetesClient api, String namespace, String prefix, int count)
            throws Exception {
        return write(count, name -> api.services().inNamespace(namespace).resource(service(name)).create(), prefix);
    }

    private static double deleteServices(KubernetesClient api, String namespace, String prefix, int count)
            throws Exception {
        return write(count, name -> api.services().inNamespace(namespace).withName(name).delete(), prefix);
    }

    /** Runs {@code write} for prefix-0 .. prefix-(count-1) on {@link #WRITERS} threads; seconds taken. */
    private static double write(int count, java.util.function.Consumer<String> write, String prefix)
            throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = prefix + "-" + i;
                writes.add(writers.submit(() -> write.accept(name)));
            }
            for (Future<?> done : writes) {
                done.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            writers.shutdown();
        }
    }

    private static Service service(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewPort()
                .withPort(80).endPort().endSpec().build();
    }

    private KubernetesClient startApi() throws Exception {
        api = KedgeBench.start(work, "api", "api", "--port", "0", "--kubeconfig",
                work.resolve("kubeconfig").toString());
        processes.add(api);
        KedgeBench.awaitLog(api, work.resolve("api.log"), "Kubernetes API listening", 90_000);
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(
                work.resolve("kubeconfig")))).build();
    }

    /** The cloud-app with its defaults, except node lifecycle off: simulated nodes report no status. */
    private void startCloud() throws Exception {
        List<String> args = new ArrayList<>(List.of(KedgeBench.cloudArgs(work, hubPort, certPort)));
        args.addAll(List.of("--node-lifecycle", "off"));
        Files.deleteIfExists(work.resolve("cloud.log"));
        cloud = KedgeBench.start(work, "cloud", args.toArray(String[]::new));
        processes.add(cloud);
        KedgeBench.awaitLog(cloud, work.resolve("cloud.log"), "CloudHub listening", 90_000);
    }

    private FleetSimulator fleet(String prefix, int nodes, boolean report) throws Exception {
        long t0 = System.nanoTime();
        FleetSimulator fleet = FleetSimulator.start(FleetSimulator.Settings.of("wss://127.0.0.1:" + hubPort,
                "https://127.0.0.1:" + certPort, KedgeBench.token(work), prefix, nodes));
        fleet.awaitConnected(PATIENCE);
        if (report) {
            System.out.printf("fleet: %d of %d nodes joined (token, CSR) and connected in %.1f s%n", fleet.connected(),
                    nodes, (System.nanoTime() - t0) / 1e9);
        }
        return fleet;
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Live heap of the cloud-app (after a full GC). */
    private long heapAfterGc() throws Exception {
        return LiveHeap.bytes(cloud.pid());
    }

    /** This JVM's (the simulator's) live heap. */
    private static long simulatorHeap() throws Exception {
        return LiveHeap.bytes(ProcessHandle.current().pid());
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private void stop() {
        processes.forEach(Process::destroyForcibly);
    }
}
