package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud-app is killed (SIGKILL) at random moments while a stream of object updates flows to
 * three edge nodes. Afterwards every node holds exactly the API's state, and no node applied an
 * update twice or an older version over a newer one: an edge app watching each node's MetaServer
 * sees every version once and in order. {@code -Dkedge.e2e.crash.updates} and
 * {@code -Dkedge.e2e.crash.kills} set the load (CI: 2,000 and 3; {@code ./kedge test --full}: 10,000
 * and 10). Updates are paced ({@code kedge.e2e.crash.rate} per second) so that most of them flow
 * while a cloud runs, not only into the diff after a restart.
 */
class CloudCrashDeliveryIT {
    private static final String NS = "line-7";
    private static final List<String> NODES = List.of("crash-a", "crash-b", "crash-c");
    private static final int PODS_PER_NODE = 12;
    private static final int UPDATES = Integer.getInteger("kedge.e2e.crash.updates", 2000);
    private static final int KILLS = Integer.getInteger("kedge.e2e.crash.kills", 3);
    private static final int RATE = Integer.getInteger("kedge.e2e.crash.rate", 150);
    private static final Duration CONVERGE = Duration.ofSeconds(180);

    private static KedgeCluster cluster;
    private static final List<KedgeCluster.EdgeNode> edges = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("cloudcrash", "--node-lifecycle", "on");
        for (String node : NODES) {
            edges.add(cluster.startEdge(node));
        }
        for (KedgeCluster.EdgeNode edge : edges) {
            edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (KedgeCluster.EdgeNode edge : edges) {
            edge.process().close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingTheCloudLosesNoUpdateAndDuplicatesNone() throws Exception {
        KubernetesClient kube = cluster.kube;
        for (String node : NODES) {
            for (int i = 0; i < PODS_PER_NODE; i++) {
                kube.pods().inNamespace(NS).resource(pod(node + "-" + i, node)).create();
            }
        }
        List<PodWatchRecorder> watchers = new ArrayList<>();
        for (KedgeCluster.EdgeNode edge : edges) {
            await().atMost(CONVERGE).until(() -> edgePods(edge).size() == PODS_PER_NODE);
            try (KubernetesClient meta = edge.metaServer()) {
                String revision = meta.pods().inNamespace(NS).list().getMetadata().getResourceVersion();
                watchers.add(PodWatchRecorder.start(edge.metaServerPort(), NS, revision));
            }
        }

        List<String> podNames = NODES.stream()
                .flatMap(node -> java.util.stream.IntStream.range(0, PODS_PER_NODE).mapToObj(i -> node + "-" + i))
                .toList();
        AtomicInteger written = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        Thread updater = new Thread(() -> update(kube, podNames, written, kills), "updater");
        updater.start();
        Random random = new Random();
        while (kills.get() < KILLS && updater.isAlive()) {
            int k = kills.get();
            int target = (k + 1) * UPDATES / (KILLS + 1) - random.nextInt(Math.max(1, UPDATES / (3 * (KILLS + 1))));
            while (written.get() < target && updater.isAlive()) {
                Thread.sleep(20);
            }
            cluster.cloud().kill();
            kills.incrementAndGet(); // updates go on while the cloud is down and while it starts
            cluster.startCloud();
        }
        updater.join();
        assertThat(kills.get()).as("cloud kills during the updates").isEqualTo(KILLS);
        assertThat(written.get()).isEqualTo(UPDATES);

        for (KedgeCluster.EdgeNode edge : edges) {
            await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(edgePods(edge)).isEqualTo(apiPods(edge.name())));
        }
        Thread.sleep(2_000); // the watchers read the last events
        for (int n = 0; n < edges.size(); n++) {
            PodWatchRecorder watcher = watchers.get(n);
            watcher.close();
            Map<String, Double> metrics = edges.get(n).metrics();
            System.out.printf("%s: %d changes seen by the watcher; metrics %s%n", NODES.get(n),
                    watcher.events().size(), metrics.entrySet().stream().filter(e -> e.getKey().startsWith("kedge_meta"))
                            .map(e -> e.getKey() + "=" + e.getValue().longValue()).collect(Collectors.joining(", ")));
            assertThat(watcher.gaps()).as("the watch of %s saw everything", NODES.get(n)).isEmpty();
            assertThat(watcher.repeatedVersions()).as("updates applied twice on %s", NODES.get(n)).isEmpty();
            assertThat(watcher.regressions()).as("older over newer on %s", NODES.get(n)).isEmpty();
        }
    }

    /**
     * Patches pods at {@link #RATE} per second. Never gets more than a segment ahead of the kills, so
     * every kill falls among the updates however long the cloud takes to start.
     */
    private static void update(KubernetesClient kube, List<String> podNames, AtomicInteger written,
            AtomicInteger kills) {
        Random random = new Random(42);
        long gap = 1_000_000_000L / RATE;
        long due = System.nanoTime();
        while (written.get() < UPDATES) {
            while (kills.get() < KILLS && written.get() >= (kills.get() + 1) * UPDATES / (KILLS + 1)) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            due = Math.max(due, System.nanoTime() - gap) + gap;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            String name = podNames.get(random.nextInt(podNames.size()));
            String patch = "{\"metadata\":{\"annotations\":{\"kedge.io/seq\":\"" + written.get() + "\"}}}";
            try {
                kube.pods().inNamespace(NS).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                written.incrementAndGet();
            } catch (KubernetesClientException e) {
                throw new AssertionError("the API refused update " + written.get() + " of " + name, e);
            }
        }
    }

    /** name → resourceVersion of the node's pods as its MetaServer serves them. */
    private static Map<String, String> edgePods(KedgeCluster.EdgeNode edge) throws Exception {
        try (KubernetesClient meta = edge.metaServer()) {
            return versions(meta.pods().inNamespace(NS).list().getItems());
        }
    }

    private static Map<String, String> apiPods(String node) {
        return versions(cluster.kube.pods().inNamespace(NS).list().getItems().stream()
                .filter(pod -> node.equals(pod.getSpec().getNodeName())).toList());
    }

    private static Map<String, String> versions(List<Pod> pods) {
        return pods.stream().collect(Collectors.toMap(pod -> pod.getMetadata().getName(),
                pod -> pod.getMetadata().getResourceVersion()));
    }

    private static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", "crash")
                .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("main")
                .withImage("busybox:1.36").endContainer().endSpec().build();
    }
}
