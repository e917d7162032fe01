package io.kedge.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code ./kedge bench mapper [DEVICES] [CYCLE_MS] [SECONDS] [UPDATES]}: the virtual mapper on one real node
 * (API, cloud-app, node as {@code ./kedge} runs them; the twins are observed on the node's MQTT broker
 * as twin/update/document and in the API by a watch).
 * <ol>
 * <li>first reading: a Device already held by the node, the mapper jar dropped into its deploy/ → the
 * mapper serves (node log) → first twin document on the node → first reported value in the API;</li>
 * <li>readings/s: DEVICES (default 20) devices × 2 counter properties collected and reported every
 * CYCLE_MS (default 50), counted as twin documents on the node over SECONDS (default 10), against the
 * rate the devices offer;</li>
 * <li>hot update, UPDATES times (default 5): a counter reporting every 100 ms while the mapper bundle is replaced by a newer
 * version: the longest time without a report against the same before the update, and counter values
 * lost or repeated.</li>
 * </ol>
 */
final class MapperBench {
    private static final String NS = "bench-mappers";
    private static final String NODE = "bench-mapper";
    private static final String API_VERSION = "devices.kubeedge.io/v1beta1";
    private static final String SERVES = "serves protocol 'virtual'";
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);

    private MapperBench() {
    }

    static void run(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int cycleMillis = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int updates = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path jar = virtualMapperJar();
        try (BenchCluster cluster = BenchCluster.start("kmapper", NODE, "none");
                TwinDocuments documents = TwinDocuments.connect(cluster.mqttPort)) {
            cluster.apply(String.join("\n", "apiVersion: v1", "kind: Namespace", "metadata:", "  name: " + NS, "---",
                    "apiVersion: " + API_VERSION, "kind: DeviceModel", "metadata:", "  name: virtual", "  namespace: " + NS,
                    "spec:", "  protocol: virtual", "  properties:", "  - name: temperature", "    type: FLOAT",
                    "  - name: a", "    type: INT", "  - name: b", "    type: INT", ""));
            firstReading(cluster, documents, jar);
            throughput(cluster, documents, devices, cycleMillis, seconds);
            hotUpdate(cluster, documents, jar, updates);
            if (documents.unreadable() > 0) {
                System.out.println("unreadable twin documents: " + documents.unreadable());
            }
        }
    }

    private static void firstReading(BenchCluster cluster, TwinDocuments documents, Path jar) throws Exception {
        cluster.apply(device("probe", Map.of("temperature", "function: sine\n        amplitude: 10\n        offset: 20"),
                100));
        TwinBench.awaitHeld(documents.mqtt, NS + "/probe");
        AtomicLong inApi = new AtomicLong();
        try (Watch watch = cluster.kube.genericKubernetesResources(API_VERSION, "Device").inNamespace(NS).withName("probe")
                .watch(firstReported(inApi))) {
            long dropped = System.nanoTime();
            drop(jar, cluster.nodeData(), "mapper-virtual.jar");
            long installed = awaitLog(cluster.nodeLog(), line -> line.contains("Deployed bundle io.kedge.mapper.virtual ")
                    && line.contains(" installed ("));
            long serving = awaitLog(cluster.nodeLog(), line -> line.contains(SERVES));
            long onNode = await(() -> first(documents.of(NS + "/probe")));
            long atCloud = await(inApi::get);
            System.out.printf("first reading: jar dropped -> first reported value in the API %d ms (target < 2000 ms: %s)%n",
                    millis(atCloud - dropped), atCloud - dropped < TimeUnit.SECONDS.toNanos(2) ? "met" : "MISSED");
            System.out.printf("  split: jar dropped -> bundle installed (node log, polled every 5 ms; FileInstall polls"
                    + " the folder every 1000 ms) %d ms; -> mapper serves %d ms; -> first twin document on the node %d ms;"
                    + " -> reported in the API %d ms%n", millis(installed - dropped), millis(serving - installed),
                    millis(onNode - serving), millis(atCloud - onNode));
        }
    }

    private static void throughput(BenchCluster cluster, TwinDocuments documents, int devices, int cycleMillis,
            int seconds) throws Exception {
        String counter = "function: counter";
        String yaml = IntStream.range(0, devices).mapToObj(i -> device("load-" + i, Map.of("a", counter, "b", counter),
                cycleMillis)).collect(Collectors.joining("---\n"));
        cluster.apply(yaml);
        for (int i = 0; i < devices; i++) {
            String id = NS + "/load-" + i;
            await(() -> first(documents.of(id)));
        }
        Thread.sleep(2_000); // every device past its first cycles
        long from = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long to = System.nanoTime();
        long readings = documents.count(NS + "/load-", from, to);
        double perSecond = readings / ((to - from) / 1e9);
        double offered = devices * 2 * 1000.0 / cycleMillis;
        System.out.printf("readings/s through DMI to DeviceTwin: %.0f (%d devices x 2 properties every %d ms offer %.0f/s:"
                + " %.2f of it), counted as twin/update/document values on the node's broker over %d s%n",
                perSecond, devices, cycleMillis, offered, perSecond / offered, seconds);
        for (int i = 0; i < devices; i++) {
            cluster.kube.genericKubernetesResources(API_VERSION, "Device").inNamespace(NS).withName("load-" + i).delete();
        }
        long quiet = System.nanoTime() + TIMEOUT_NANOS;
        while (System.nanoTime() < quiet && documents.count(NS + "/load-", System.nanoTime() - 1_000_000_000L,
                Long.MAX_VALUE) > 0) {
            Thread.sleep(200);
        }
    }

    private static void hotUpdate(BenchCluster cluster, TwinDocuments documents, Path jar, int updates)
            throws Exception {
        String id = NS + "/counter";
        cluster.apply(device("counter", Map.of("a", "function: counter"), 100));
        await(() -> first(documents.of(id)));
        Thread.sleep(5_000);
        Gaps before = Gaps.of(documents.of(id));
        long lost = 0, repeated = 0;
        long[] longest = new long[updates];
        long[] serving = new long[updates];
        for (int i = 0; i < updates; i++) {
            long since = documents.of(id).stream().mapToLong(TwinDocuments.Report::nanos).max().orElseThrow();
            long updated = System.nanoTime();
            String version = "9.9." + i + ".bench";
            drop(withVersion(jar, cluster.work.resolve("mapper-virtual-" + i + ".jar"), version), cluster.nodeData(),
                    "mapper-virtual.jar");
            String serves = version + " " + SERVES;
            serving[i] = millis(awaitLog(cluster.nodeLog(), line -> line.contains(serves)) - updated);
            Thread.sleep(3_000);
            Gaps across = Gaps.of(documents.of(id).stream().filter(r -> r.nanos() >= since).toList());
            longest[i] = across.longestMillis;
            lost += across.lost;
            repeated += across.repeated;
        }
        long worst = Arrays.stream(longest).max().orElse(0);
        System.out.printf("hot update of the mapper bundle, %d updates (each a newer version), counter every 100 ms:"
                + " longest time without a report %d ms (median over updates %d ms) vs %d ms in the 5 s before"
                + " (ratio %.1fx); counter values lost %d, repeated %d across all updates (before: lost %d,"
                + " repeated %d); mapper serving again after (ms) %s%n", updates, worst, KedgeBench.median(longest),
                before.longestMillis, (double) worst / Math.max(1, before.longestMillis), lost, repeated, before.lost,
                before.repeated, Arrays.toString(serving));
    }

    /** Longest silence and counter steps other than +1 in a series of one counter's reports. */
    record Gaps(long longestMillis, long lost, long repeated, long lastNanos) {
        static Gaps of(List<TwinDocuments.Report> reports) {
            long longest = 0, lost = 0, repeated = 0;
            for (int i = 1; i < reports.size(); i++) {
                longest = Math.max(longest, reports.get(i).nanos() - reports.get(i - 1).nanos());
                long step = Long.parseLong(reports.get(i).value()) - Long.parseLong(reports.get(i - 1).value());
                if (step > 1) {
                    lost += step - 1;
                } else if (step < 1) {
                    repeated++;
                }
            }
            return new Gaps(millis(longest), lost, repeated, reports.isEmpty() ? 0 : reports.get(reports.size() - 1).nanos());
        }
    }

    /** A Device of protocol virtual whose properties have the given configData lines, all on one cycle. */
    private static String device(String name, Map<String, String> configByProperty, int cycleMillis) {
        StringBuilder yaml = new StringBuilder(String.join("\n", "apiVersion: " + API_VERSION, "kind: Device",
                "metadata:", "  name: " + name, "  namespace: " + NS, "spec:", "  deviceModelRef:", "    name: virtual",
                "  nodeName: " + NODE, "  protocol:", "    protocolName: virtual", "  properties:", ""));
        configByProperty.forEach((property, config) -> yaml.append(String.join("\n", "  - name: " + property,
                "    collectCycle: " + cycleMillis, "    reportCycle: " + cycleMillis, "    reportToCloud: true",
                "    visitors:", "      protocolName: virtual", "      configData:", "        " + config, "")));
        return yaml.toString();
    }

    private static Watcher<GenericKubernetesResource> firstReported(AtomicLong at) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource device) {
                long now = System.nanoTime();
                if (String.valueOf(device.getAdditionalProperties().get("status")).contains("reported={")) {
                    at.compareAndSet(0, now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    /** Copies beside the folder, then moves in: the watcher never sees half a jar. */
    private static void drop(Path jar, Path nodeData, String name) throws IOException {
        Path part = nodeData.resolve(name + ".part");
        Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, nodeData.resolve("deploy").resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The same bundle with another Bundle-Version, so the deploy folder sees an update. */
    private static Path withVersion(Path jar, Path target, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    private static Path virtualMapperJar() throws IOException {
        Path mappers = Path.of("edge-distro/target/mappers");
        try (Stream<Path> jars = Files.list(mappers)) {
            return jars.filter(j -> j.getFileName().toString().startsWith("mapper-virtual-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no mapper-virtual jar in " + mappers + ": build first"));
        }
    }

    /** The time a line matching {@code wanted} showed in the log (polled every 5 ms). */
    private static long awaitLog(Path log, java.util.function.Predicate<String> wanted) throws Exception {
        return await(() -> {
            try (Stream<String> lines = Files.lines(log)) {
                return lines.anyMatch(wanted) ? System.nanoTime() : 0;
            } catch (IOException | java.io.UncheckedIOException e) {
                return 0;
            }
        });
    }

    private static long first(List<TwinDocuments.Report> reports) {
        return reports.isEmpty() ? 0 : reports.get(0).nanos();
    }

    /** Polls every 5 ms until {@code nanos} returns a time (non-zero), at most 90 s. */
    private static long await(java.util.function.LongSupplier nanos) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            long at = nanos.getAsLong();
            if (at != 0) {
                return at;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("timed out after 90 s");
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
