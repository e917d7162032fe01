package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kedge.bench.LiveHeap;
import io.kedge.bench.fleet.FleetSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet of simulated nodes (real TLS sessions, each with its own certificate from the token join)
 * loses its cloud to a SIGKILL. After the restart every node is back, the full-jitter backoff spread
 * the reconnects instead of landing them at once, the cloud's heap stays bounded, and every node
 * still receives objects. {@code -Dkedge.e2e.storm.nodes} sets the fleet (CI: 200; --full: 1,000).
 */
class ReconnectStormIT {
    private static final int NODES = Integer.getInteger("kedge.e2e.storm.nodes", 200);
    private static final Duration BACK = Duration.ofMinutes(5);
    /** Heap the cloud-app may keep per connected node (measured: 35-55 KiB). */
    private static final long HEAP_PER_NODE = 128 * 1024;

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
        long joinStart = System.nanoTime();
        fleet = FleetSimulator.start(FleetSimulator.Settings.of("wss://127.0.0.1:" + cluster.hubPort,
                "https://127.0.0.1:" + cluster.certPort, cluster.joinToken(), "sim", NODES));
        await().atMost(BACK).until(() -> fleet.connected() == NODES);
        await().atMost(BACK).until(() -> cluster.kube.nodes().withLabel("kedge.io/simulated").list().getItems().size()
                == NODES);
        long fleetHeap = heapAfterGc();
        System.out.printf("%d nodes joined (token, CSR) and registered in %d s; cloud heap after GC: %.1f MiB idle,"
                        + " %.1f MiB with %d nodes: %.1f KiB per node%n", NODES,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - joinStart), mib(idleHeap), mib(fleetHeap), NODES,
                (fleetHeap - idleHeap) / 1024.0 / NODES);

        long killedAt = System.nanoTime();
        cluster.cloud().kill();
        cluster.startCloud(); // returns once the new process listens and watches the cluster
        long listeningAt = System.nanoTime();
        await().atMost(BACK).until(() -> fleet.firstConnectsAfter(killedAt).stream().allMatch(t -> t >= 0));
        // From the kill: nodes may return before the new cloud has logged that it watches the cluster.
        List<Long> back = fleet.firstConnectsAfter(killedAt).stream()
                .map(t -> TimeUnit.NANOSECONDS.toMillis(t - killedAt)).sorted().toList();

        Map<Long, Integer> perTenthSecond = new TreeMap<>();
        back.forEach(ms -> perTenthSecond.merge(Math.floorDiv(ms, 100), 1, Integer::sum));
        int busiest = perTenthSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        long p10 = back.get(NODES / 10);
        long p90 = back.get(NODES * 9 / 10);
        System.out.printf("cloud listening and watching again %d ms after the kill; %d nodes back, the last %d ms"
                        + " after the kill"
                        + " (10%% %d ms, median %d ms, 90%% %d ms); busiest 100 ms slot %d nodes (%.1f%%),"
                        + " %d slots used%n", TimeUnit.NANOSECONDS.toMillis(listeningAt - killedAt), NODES,
                back.get(NODES - 1), p10, back.get(NODES / 2), p90, busiest, 100.0 * busiest / NODES,
                perTenthSecond.size());
        // Without jitter every node would retry at the same instants (1 s, 3 s, 7 s... after the kill) and
        // land in the few slots the cloud needs to accept them all.
        assertThat(busiest).as("no 100 ms slot takes a quarter of the fleet").isLessThan(NODES / 4);
        assertThat(perTenthSecond.size()).as("returns spread over many 100 ms slots").isGreaterThanOrEqualTo(10);
        assertThat(p90 - p10).as("the middle 80%% of returns span seconds of the backoff window, not one instant")
                .isGreaterThanOrEqualTo(2_000);

        long stormHeap = heapAfterGc();
        System.out.printf("cloud heap after the storm, after GC: %.1f MiB (bound %.1f MiB)%n", mib(stormHeap),
                mib(idleHeap + NODES * HEAP_PER_NODE));
        assertThat(stormHeap).as("heap with the fleet back stays bounded (%d nodes)", NODES)
                .isLessThan(idleHeap + NODES * HEAP_PER_NODE);
        assertThat(cluster.cloud().output()).doesNotContain("OutOfMemoryError");

        String key = "default/service/after-storm";
        cluster.kube.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                .withName("after-storm").endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
        await().atMost(BACK).until(() -> fleet.nodesHolding(key) == NODES);
        assertThat(cluster.cloud().isAlive()).isTrue();
    }

    /** The cloud-app's live heap: what a full GC leaves (jcmd GC.class_histogram). */
    private static long heapAfterGc() throws Exception {
        return LiveHeap.bytes(cluster.cloud().pid());
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
