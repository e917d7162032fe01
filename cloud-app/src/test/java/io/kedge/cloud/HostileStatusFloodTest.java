package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kedge.cloud.auth.NodeIdentity;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A joined node floods the hub with status reports: the API server sees a few writes a second from
 * it, the last report wins, every report is answered, and other nodes' statuses still land.
 */
@MockApi
class HostileStatusFloodTest {
    private static final int RATE = 5;
    private static final int BURST = 5;
    private static final int FLOOD = 1_000;
    private static final int PER_FRAME = 10;

    static KubernetesClient client;
    private static CloudFixture cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudFixture.startSecure(client, "--node-lifecycle", "on",
                "--node-write-rate", String.valueOf(RATE), "--node-write-burst", String.valueOf(BURST));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void aThousandStatusesOfOnePodCostAFewWritesAndTheLastOneWins() throws Exception {
        client.pods().resource(KubeObjects.pod("flood", "p0", "flooder-1")).create();
        try (WriteCounter writes = WriteCounter.watching("flood");
                FakeNode flooder = cloud.connectHostile("flooder-1")) {
            List<Message> reports = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                reports.add(podStatus("flood", "p0", "report-" + i));
            }
            long started = System.nanoTime();
            sendInFrames(flooder, reports);

            Map<String, Message> replies = awaitReplies(flooder, reports);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(replies.values()).as("every report is answered, a replaced one as done")
                    .allMatch(reply -> Operations.RESPONSE.equals(reply.operation()));
            await().atMost(Duration.ofSeconds(20)).until(() -> "report-999".equals(messageOf("flood", "p0")));
            assertThat(writes.writesOf("p0")).as("writes in %.1f s", seconds)
                    .isPositive()
                    .isLessThanOrEqualTo((int) (BURST + RATE * Math.ceil(seconds)) + 1)
                    .isLessThan(FLOOD / 2);
        }
    }

    @Test
    void statusesOfManyPodsEachEndAtTheirLastReport() throws Exception {
        int pods = 10;
        for (int p = 0; p < pods; p++) {
            client.pods().resource(KubeObjects.pod("many", "p" + p, "flooder-2")).create();
        }
        try (WriteCounter writes = WriteCounter.watching("many");
                FakeNode flooder = cloud.connectHostile("flooder-2")) {
            List<Message> reports = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                reports.add(podStatus("many", "p" + (i % pods), "report-" + i));
            }
            long started = System.nanoTime();
            sendInFrames(flooder, reports);

            awaitReplies(flooder, reports);
            for (int p = 0; p < pods; p++) {
                String last = "report-" + (FLOOD - pods + p);
                String pod = "p" + p;
                await().atMost(Duration.ofSeconds(30)).until(() -> last.equals(messageOf("many", pod)));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(writes.total()).as("writes in %.1f s", seconds)
                    .isLessThanOrEqualTo((int) (BURST + RATE * Math.ceil(seconds)) + 1);
        }
    }

    @Test
    void anHonestNodesStatusLandsWhileAnotherNodeFloods() throws Exception {
        client.pods().resource(KubeObjects.pod("noisy", "p0", "flooder-3")).create();
        NodeIdentity honestIdentity = cloud.identity("honest-1");
        try (FakeNode flooder = cloud.connectHostile("flooder-3");
                FakeNode honest = FakeNode.connectSecure(cloud.port(), "honest-1",
                        honestIdentity.sslContext())) {
            assertThat(honest.request(EdgeMessages.register("honest-1")).operation()).isEqualTo(Operations.RESPONSE);
            List<Message> reports = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                reports.add(podStatus("noisy", "p0", "report-" + i));
            }
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    sendInFrames(flooder, reports);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            for (int i = 0; i < 3; i++) {
                assertThat(honest.request(EdgeMessages.status("honest-1")).operation())
                        .isEqualTo(Operations.RESPONSE);
            }
            flood.get(60, TimeUnit.SECONDS);
            assertThat(cloud.app().hub().isConnected("honest-1")).isTrue();
        }
    }


    private static void sendInFrames(FakeNode node, List<Message> reports) throws Exception {
        for (int i = 0; i < reports.size(); i += PER_FRAME) {
            node.sendBatch(reports.subList(i, Math.min(reports.size(), i + PER_FRAME)));
        }
    }

    /** The cloud's replies to {@code requests}, by request id, once each one has one. */
    private static Map<String, Message> awaitReplies(FakeNode node, List<Message> requests) {
        Map<String, Message> byParent = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            node.drainReceived().forEach(m -> byParent.put(m.parentId(), m));
            return requests.stream().allMatch(r -> byParent.containsKey(r.id()));
        });
        Map<String, Message> replies = new HashMap<>();
        requests.forEach(request -> replies.put(request.id(), byParent.get(request.id())));
        return replies;
    }

    private static Message podStatus(String namespace, String pod, String text) {
        ObjectNode status = JsonNodeFactory.instance.objectNode().put("phase", "Running").put("message", text);
        return Message.create("edged", Groups.RESOURCE, namespace + "/podstatus/" + pod, Operations.UPDATE, status);
    }

    private static String messageOf(String namespace, String pod) {
        Pod stored = client.pods().inNamespace(namespace).withName(pod).get();
        return stored.getStatus() == null ? null : stored.getStatus().getMessage();
    }

    /** Counts the modifications the API server makes to the pods of a namespace, as a watch sees them. */
    private static final class WriteCounter implements Watcher<Pod>, AutoCloseable {
        private final Map<String, AtomicInteger> byPod = new ConcurrentHashMap<>();
        private Watch watch;

        static WriteCounter watching(String namespace) {
            WriteCounter counter = new WriteCounter();
            counter.watch = client.pods().inNamespace(namespace).watch(counter);
            return counter;
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            if (action == Action.MODIFIED) {
                byPod.computeIfAbsent(pod.getMetadata().getName(), name -> new AtomicInteger()).incrementAndGet();
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }

        int writesOf(String pod) {
            AtomicInteger count = byPod.get(pod);
            return count == null ? 0 : count.get();
        }

        int total() {
            return byPod.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
