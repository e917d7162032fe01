package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.kedge.bench.fleet.NodeIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real thing: the stand-in Kubernetes API, the cloud-app and an edge node as separate
 * processes started by {@code ./kedge}, talking over real sockets. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeNodeEndToEndIT {
    private static final String NODE = "e2e-node-1";
    private static final String PROJECT = "e632aba927ea4ac2b575ec1603d56f10";
    private static final int GRACE_SECONDS = 6;

    private static KedgeCluster cluster;
    private static KedgeProcess edge;
    private static Instant edgeStarted;

    @BeforeAll
    static void startApiAndCloud() throws Exception {
        cluster = KedgeCluster.start("e2e", "--node-grace", Integer.toString(GRACE_SECONDS), "--node-lifecycle", "on");
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (edge != null) {
            edge.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void edgeNodeJoinsAndShowsReady() throws Exception {
        edge = startEdge();
        edge.awaitLog("Connected to the cloud", KedgeCluster.START);
        edge.awaitLog("EventBus ready", KedgeCluster.START);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ready()).isEqualTo("True"));
        Node node = cluster.kube.nodes().withName(NODE).get();
        assertThat(node.getMetadata().getLabels()).containsKey("node-role.kubernetes.io/edge");
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).contains("kedge");
        assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
        assertThat(node.getStatus().getCapacity().get("cpu").getAmount()).isNotEqualTo("0");
    }

    @Test
    @Order(2)
    void kubectlShowsTheNodeReady() throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kubectl), "kubectl not installed: skipped");
        Process process = new ProcessBuilder(kubectl.toString(), "--kubeconfig", cluster.kubeconfig().toString(),
                "get", "nodes").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).containsPattern(NODE + "\\s+Ready\\s+agent,edge");
    }

    @Test
    @Order(3)
    void webConsoleAnswersOnLoopbackWithTheGeneratedPasswordOnly() throws Exception {
        java.util.regex.Matcher printed = java.util.regex.Pattern
                .compile("web console: (http://127\\.0\\.0\\.1:\\d+/system/console)\\s+user admin\\s+password (\\w+)")
                .matcher(edge.output());
        assertThat(printed.find()).as("the first start prints the console URL and password").isTrue();
        URI bundles = URI.create(printed.group(1) + "/bundles");
        String credentials = java.util.Base64.getEncoder().encodeToString(("admin:" + printed.group(2)).getBytes());
        HttpClient http = HttpClient.newHttpClient();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.send(
                HttpRequest.newBuilder(bundles).header("Authorization", "Basic " + credentials).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
        String defaultCredentials = java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes());
        assertThat(http.send(HttpRequest.newBuilder(bundles).header("Authorization", "Basic " + defaultCredentials)
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        // The guard looks once FileInstall has had time to deliver the configuration.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), edgeStarted.plusSeconds(12)).toMillis()));
        assertThat(edge.output()).doesNotContain("DEFAULT password");
    }

    @Test
    @Order(4)
    void aNodeWithTheBuiltInConsolePasswordWarnsLoudly() throws Exception {
        try (KedgeProcess careless = cluster.startEdge("careless-node", "--console-password", "admin").process()) {
            careless.awaitLog("accepts the DEFAULT password", Duration.ofSeconds(60));
        }
    }

    @Test
    @Order(5)
    void killedEdgeGoesUnknownAndComesBackReady() throws Exception {
        edge.kill();

        await().atMost(Duration.ofSeconds(GRACE_SECONDS + 40)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(ready()).isEqualTo("Unknown"));
        Instant unknownSince = readyCondition().map(c -> Instant.parse(c.getLastTransitionTime())).orElseThrow();

        edge = startEdge();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ready()).isEqualTo("True"));
        Instant readySince = readyCondition().map(c -> Instant.parse(c.getLastTransitionTime())).orElseThrow();
        assertThat(readySince).isAfterOrEqualTo(unknownSince);
    }

    @Test
    @Order(6)
    void edgeReconnectsOnItsOwnAfterTheCloudRestarts() throws Exception {
        cluster.cloud().kill();
        Instant cloudRestart = Instant.now();
        cluster.startCloud();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            NodeCondition ready = readyCondition().orElseThrow();
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(Instant.parse(ready.getLastHeartbeatTime())).isAfter(cloudRestart);
        });
        assertThat(edge.isAlive()).isTrue();
    }

    @Test
    @Order(7)
    void badInputIsRefusedAndTheOtherNodeKeepsWorking() throws Exception {
        String hub = "wss://127.0.0.1:" + cluster.hubPort + "/" + PROJECT;
        HttpClient noCertificate = HttpClient.newHttpClient();
        var plain = noCertificate.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + cluster.hubPort + "/" + PROJECT + "/x/events"), new Frames());
        assertThat(plain).as("plain ws:// on the TLS port").failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(Exception.class);
        var anonymous = noCertificate.newWebSocketBuilder().buildAsync(URI.create(hub + "/x/events"), new Frames());
        assertThat(anonymous).as("TLS without a client certificate").failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(Exception.class);

        NodeIdentity intruder = NodeIdentity.join("https://127.0.0.1:" + cluster.certPort, cluster.joinToken(),
                "intruder");
        HttpClient http = intruder.httpClient();
        var impersonation = http.newWebSocketBuilder().buildAsync(URI.create(hub + "/" + NODE + "/events"),
                new Frames());
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> impersonation.get(10, TimeUnit.SECONDS));
        assertThat(refused).as("intruder's certificate on %s's URL", NODE)
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        assertThat(((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
                .isEqualTo(403);
        var unknownPath = http.newWebSocketBuilder().buildAsync(URI.create(hub + "/no/such/path"), new Frames());
        assertThat(unknownPath).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class);

        Frames frames = new Frames();
        WebSocket session = http.newWebSocketBuilder().buildAsync(URI.create(hub + "/intruder/events"), frames)
                .get(10, TimeUnit.SECONDS);
        session.sendText("{not json", true).get(5, TimeUnit.SECONDS);
        assertThat(frames.nextError()).contains("MALFORMED_JSON");

        String forged = "{\"header\":{\"msg_id\":\"forged-1\",\"timestamp\":1},\"route\":{\"source\":\"edged\","
                + "\"group\":\"resource\",\"operation\":\"update\",\"resource\":\"default/nodestatus/" + NODE + "\"},"
                + "\"content\":{\"UID\":\"\",\"Status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}}";
        session.sendText(forged, true).get(5, TimeUnit.SECONDS);
        assertThat(frames.nextError()).contains("\"parent_msg_id\":\"forged-1\"").contains("FORBIDDEN");
        session.abort();

        Instant after = Instant.now();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            NodeCondition ready = readyCondition().orElseThrow();
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(Instant.parse(ready.getLastHeartbeatTime())).isAfter(after);
        });
    }

    @Test
    @Order(8)
    void cloudShutsDownGracefully() throws Exception {
        assertThat(cluster.cloud().stop()).isZero();
        edge.awaitLog("lost the cloud link", Duration.ofSeconds(30));
    }

    private static KedgeProcess startEdge() throws Exception {
        edgeStarted = Instant.now();
        return cluster.startEdge(NODE).process();
    }

    private static String ready() {
        return readyCondition().map(NodeCondition::getStatus).orElse("absent");
    }

    private static java.util.Optional<NodeCondition> readyCondition() {
        Node node = cluster.kube.nodes().withName(NODE).get();
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return java.util.Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    /** Collects text frames a test client receives. */
    private static final class Frames implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final List<CharSequence> parts = new ArrayList<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.add(data);
            if (last) {
                received.add(String.join("", parts));
                parts.clear();
            }
            webSocket.request(1);
            return null;
        }

        /** The next error reply; other frames (such as the cloud's inventory query) are skipped. */
        String nextError() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String frame = received.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null && frame.contains("\"operation\":\"error\"")) {
                    return frame;
                }
            }
            throw new AssertionError("no error reply from the cloud within 10 s");
        }
    }

}
