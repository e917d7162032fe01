package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An edge app reports pod status through its node's MetaServer while the node is killed (SIGKILL)
 * at random moments. Every report the node answered 200 is durable: after the storm the API holds,
 * for every pod, the last report the node confirmed, or a later one whose answer the crash swallowed.
 * {@code -Dkedge.e2e.reports} and {@code -Dkedge.e2e.reports.kills} set the load (CI: 1,000 and 3;
 * {@code ./kedge test --full}: 10,000 and 10).
 */
class EdgeCrashReportsIT {
    private static final String NS = "cell-2";
    private static final String NODE = "reporter";
    private static final int PODS = 20;
    private static final int REPORTS = Integer.getInteger("kedge.e2e.reports", 1000);
    private static final int KILLS = Integer.getInteger("kedge.e2e.reports.kills", 3);
    private static final Duration CONVERGE = Duration.ofSeconds(120);

    private static KedgeCluster cluster;
    private static KedgeCluster.EdgeNode edge;

    /** Per pod: the last report the node confirmed, and those sent after it without an answer. */
    private final Map<String, Integer> confirmed = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> unanswered = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("edgecrash", "--node-lifecycle", "on");
        edge = cluster.startEdge(NODE);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.process().close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void reportsConfirmedBeforeACrashReachTheCloud() throws Exception {
        List<String> pods = IntStream.range(0, PODS).mapToObj(i -> "sensor-" + i).toList();
        for (String pod : pods) {
            cluster.kube.pods().inNamespace(NS).resource(pod(pod)).create();
        }
        await().atMost(CONVERGE).untilAsserted(() -> {
            try (var meta = edge.metaServer()) {
                assertThat(meta.pods().inNamespace(NS).list().getItems()).hasSize(PODS);
            }
        });
        int metaServerPort = edge.metaServerPort();

        Thread reporter = new Thread(() -> report(metaServerPort, pods), "reporter");
        reporter.start();
        Random random = new Random();
        int kills = 0;
        while (kills < KILLS && reporter.isAlive()) {
            int target = (kills + 1) * REPORTS / (KILLS + 1) - random.nextInt(Math.max(1, REPORTS / (3 * (KILLS + 1))));
            while (sent.get() < target && reporter.isAlive()) {
                Thread.sleep(10);
            }
            edge.process().kill();
            kills++;
            edge = cluster.startEdge(NODE);
        }
        reporter.join();
        assertThat(kills).isEqualTo(KILLS);
        assertThat(sent.get()).isEqualTo(REPORTS);

        await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String pod : pods) {
                Integer last = confirmed.get(pod);
                Set<Integer> acceptable = new TreeSet<>(unanswered.getOrDefault(pod, Set.of()));
                if (last != null) {
                    acceptable.add(last);
                }
                assertThat(acceptable).as("reports of %s", pod).isNotEmpty();
                Pod stored = cluster.kube.pods().inNamespace(NS).withName(pod).get();
                String message = stored.getStatus() == null ? null : stored.getStatus().getMessage();
                assertThat(message).as("status of %s in the API", pod).isNotNull();
                assertThat(Integer.parseInt(message.substring("report-".length())))
                        .as("status of %s: the last confirmed report (%s) or a later unanswered one", pod, last)
                        .isIn(acceptable);
            }
        });
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(edge.metrics()).containsEntry("kedge_outbox_depth", 0.0));
    }

    /** Sends each report once; a refused connection (node down) is retried, as it never arrived. */
    private void report(int port, List<String> pods) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < REPORTS; i++) {
            String pod = pods.get(i % pods.size());
            String body = "{\"status\":{\"phase\":\"Running\",\"message\":\"report-" + i + "\"}}";
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/namespaces/"
                            + NS + "/pods/" + pod + "/status"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
            boolean done = false;
            while (!done) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        confirmed.put(pod, i);
                        unanswered.remove(pod);
                        done = true;
                    } else if (response.statusCode() == 503 || response.statusCode() == 404) {
                        // The node is starting (no outbox or no pods yet): not kept, send again.
                        sleep(50);
                    } else {
                        throw new AssertionError("report " + i + " answered " + response.statusCode() + ": "
                                + response.body());
                    }
                } catch (ConnectException notListening) {
                    sleep(50);
                } catch (IOException crashedMidRequest) {
                    unanswered.computeIfAbsent(pod, p -> ConcurrentHashMap.newKeySet()).add(i);
                    done = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            sent.incrementAndGet();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNodeName(NODE).addNewContainer().withName("main").withImage("busybox:1.36")
                .endContainer().endSpec().build();
    }
}
