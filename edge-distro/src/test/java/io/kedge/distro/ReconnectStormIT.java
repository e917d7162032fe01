package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kedge.bench.fleet.FleetSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet of simulated nodes (real TLS sessions, each with its own certificate from the token join)
 * loses its cloud to a SIGKILL. After the restart every node is back, the jittered backoff spread
 * the reconnects instead of landing them at once, the cloud's heap stays bounded, and every node
 * still receives objects. {@code -Dkedge.e2e.storm.nodes} sets the fleet (CI: 200; --full: 1,000).
 */
class ReconnectStormIT {
    private static final int NODES = Integer.getInteger("kedge.e2e.storm.nodes", 200);
    private static final Duration BACK = Duration.ofSeconds(180);
    private static final Pattern METRICS_URL = Pattern.compile("Metrics on (http://\\S+/metrics)");

    private static KedgeCluster cluster;
    private static FleetSimulator fleet;

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("storm", "--node-lifecycle", "on");
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFleetComesBackSpreadOutAfterTheCloudDies() throws Exception {
        long idleHeap = heapAfterGc();
        fleet = FleetSimulator.start(new FleetSimulator.Settings("wss://127.0.0.1:" + cluster.hubPort,
                "https://127.0.0.1:" + cluster.certPort, cluster.joinToken(), "sim", NODES, 1_000, 60_000,
                Duration.ofSeconds(15)));
        await().atMost(BACK).until(() -> fleet.connected() == NODES);
        await().atMost(BACK).until(() -> cluster.kube.nodes().withLabel("kedge.io/simulated").list().getItems().size()
                == NODES);
        long fleetHeap = heapAfterGc();
        System.out.printf("cloud heap after GC: %.1f MiB idle, %.1f MiB with %d nodes: %.1f KiB per node%n",
                idleHeap / 1048576.0, fleetHeap / 1048576.0, NODES, (fleetHeap - idleHeap) / 1024.0 / NODES);

        long killedAt = System.nanoTime();
        cluster.cloud().kill();
        cluster.startCloud();
        long listeningAt = System.nanoTime();
        await().atMost(BACK).until(() -> fleet.firstConnectsAfter(killedAt).stream().allMatch(t -> t >= 0));
        List<Long> backAfterMillis = fleet.firstConnectsAfter(killedAt).stream()
                .map(t -> Math.max(0, TimeUnit.NANOSECONDS.toMillis(t - listeningAt))).sorted().toList();

        Map<Long, Integer> perTenthSecond = new TreeMap<>();
        backAfterMillis.forEach(ms -> perTenthSecond.merge(ms / 100, 1, Integer::sum));
        int busiest = perTenthSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        long last = backAfterMillis.get(backAfterMillis.size() - 1);
        System.out.printf("%d nodes back within %d ms of the restart; median %d ms; busiest 100 ms held %d nodes"
                        + " (%.0f%%) in %d distinct 100 ms slots%n", NODES, last,
                backAfterMillis.get(NODES / 2), busiest, 100.0 * busiest / NODES, perTenthSecond.size());
        assertThat(busiest).as("no 100 ms slot takes a quarter of the fleet").isLessThan(NODES / 4);
        assertThat(perTenthSecond.size()).as("reconnects spread over many slots").isGreaterThanOrEqualTo(10);

        long stormHeap = heapAfterGc();
        System.out.printf("cloud heap after the storm, after GC: %.1f MiB%n", stormHeap / 1048576.0);
        assertThat(stormHeap).as("heap with the fleet back stays bounded (%d nodes)", NODES)
                .isLessThan(idleHeap + NODES * 256L * 1024);

        long acksBefore = fleet.acks();
        cluster.kube.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                .withName("after-storm").endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
        await().atMost(BACK).until(() -> fleet.acks() - acksBefore >= NODES);
        assertThat(fleet.minimumHeld()).as("every node holds the new service").isGreaterThanOrEqualTo(1);
    }

    /** The cloud-app's used heap right after a full GC (jcmd GC.run, then its /metrics). */
    private static long heapAfterGc() throws Exception {
        Process gc = new ProcessBuilder("jcmd", Long.toString(cluster.cloud().pid()), "GC.run")
                .redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        assertThat(gc.waitFor()).as("jcmd GC.run").isZero();
        Matcher url = METRICS_URL.matcher(cluster.cloud().output());
        String metricsUrl = null;
        while (url.find()) {
            metricsUrl = url.group(1);
        }
        assertThat(metricsUrl).as("the cloud logs its metrics URL").isNotNull();
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith("jvm_memory_heap_used_bytes "))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(' ') + 1).trim())).findFirst()
                .orElseThrow();
    }
}
