package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.JoinedIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real thing: the stand-in Kubernetes API, the cloud-app and an edge node as separate
 * processes started by {@code ./kedge}, talking over real sockets. The cluster is shared; each test
 * starts from a running cloud and a Ready node (restarting what an earlier test killed or stopped),
 * so the tests hold in any order.
 */
class EdgeNodeEndToEndIT {
    private static final String NODE = "e2e-node-1";
    private static final int GRACE_SECONDS = 6;

    private static KedgeCluster cluster;
    private static KedgeProcess edge;

    @BeforeAll
    static void startApiAndCloud() throws Exception {
        cluster = KedgeCluster.start("e2e", "--node-grace", Integer.toString(GRACE_SECONDS), "--node-lifecycle", "on");
    }

    /** Whatever ran before: the cloud up and the node connected and Ready. */
    @BeforeEach
    void cloudUpAndNodeReady() throws Exception {
        if (!cluster.cloud().isAlive()) {
            cluster.startCloud();
        }
        if (edge == null || !edge.isAlive()) {
            edge = startEdge();
            edge.awaitLog("Connected to the cloud", KedgeCluster.START);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ready()).isEqualTo("True"));
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
    void edgeNodeJoinsAndShowsReady() throws Exception {
        edge.awaitLog("EventBus ready", KedgeCluster.START);
        Node node = cluster.kube.nodes().withName(NODE).get();
        assertThat(node.getMetadata().getLabels()).containsKey("node-role.kubernetes.io/edge");
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).contains("kedge");
        assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
        assertThat(node.getStatus().getCapacity().get("cpu").getAmount()).isNotEqualTo("0");
    }

    @Test
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
    void webConsoleAnswersOnLoopbackWithTheGeneratedPasswordOnly() throws Exception {
        // a node of its own: only a node's first start prints the password, and the shared one may have restarted
        Instant started = Instant.now();
        try (KedgeProcess fresh = cluster.startEdge("console-node").process()) {
            fresh.awaitLog("Connected to the cloud", KedgeCluster.START); // up, as the shared node is
            assertConsole(fresh, started);
        }
    }

    private static void assertConsole(KedgeProcess node, Instant started) throws Exception {
        java.util.regex.Matcher printed = java.util.regex.Pattern
                .compile("web console: (http://127\\.0\\.0\\.1:\\d+/system/console)\\s+user admin\\s+password (\\w+)")
                .matcher(node.output());
        assertThat(printed.find()).as("the first start prints the console URL and password").isTrue();
        URI bundles = URI.create(printed.group(1) + "/bundles");
        String credentials = java.util.Base64.getEncoder().encodeToString(("admin:" + printed.group(2)).getBytes());
        HttpClient http = HttpClient.newHttpClient();

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(http.send(
                HttpRequest.newBuilder(bundles).header("Authorization", "Basic " + credentials).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
        String defaultCredentials = java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes());
        assertThat(http.send(HttpRequest.newBuilder(bundles).header("Authorization", "Basic " + defaultCredentials)
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        // The guard looks once FileInstall has had time to deliver the configuration.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), started.plusSeconds(12)).toMillis()));
        assertThat(node.output()).doesNotContain("DEFAULT password");
    }

    @Test
    void aNodeWithTheBuiltInConsolePasswordWarnsLoudly() throws Exception {
        try (KedgeProcess careless = cluster.startEdge("careless-node", "--console-password", "admin").process()) {
            careless.awaitLog("accepts the DEFAULT password", Duration.ofSeconds(60));
        }
    }

    @Test
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
    void badInputIsRefusedAndTheOtherNodeKeepsWorking() throws Exception {
        String hub = "wss://127.0.0.1:" + cluster.hubPort;
        HttpClient noCertificate = HttpClient.newHttpClient();
        var plain = FakeNode.named("x").open(URI.create("ws://127.0.0.1:" + cluster.hubPort + FakeNode.eventsPath("x")));
        assertThat(plain).as("plain ws:// on the TLS port").failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(Exception.class);
        var anonymous = FakeNode.named("x").client(noCertificate).open(URI.create(hub + FakeNode.eventsPath("x")));
        assertThat(anonymous).as("TLS without a client certificate").failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(Exception.class);

        JoinedIdentity intruder = JoinedIdentity.join("https://127.0.0.1:" + cluster.certPort, cluster.joinToken(),
                "intruder");
        HttpClient http = intruder.httpClient();
        var impersonation = FakeNode.named(NODE).client(http).open(URI.create(hub + FakeNode.eventsPath(NODE)));
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> impersonation.get(10, TimeUnit.SECONDS));
        assertThat(refused).as("intruder's certificate on %s's URL", NODE)
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        assertThat(((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
                .isEqualTo(403);
        var unknownPath = FakeNode.named("intruder").client(http).open(URI.create(hub + "/no/such/path"));
        assertThat(unknownPath).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class);

        FakeNode session = FakeNode.named("intruder").hostile().client(http)
                .open(URI.create(hub + FakeNode.eventsPath("intruder"))).get(10, TimeUnit.SECONDS);
        session.sendRaw("{not json").get(5, TimeUnit.SECONDS);
        assertThat(nextError(session).content().asText()).contains("MALFORMED_JSON");

        String forged = "{\"header\":{\"msg_id\":\"forged-1\",\"timestamp\":1},\"route\":{\"source\":\"edged\","
                + "\"group\":\"resource\",\"operation\":\"update\",\"resource\":\"default/nodestatus/" + NODE + "\"},"
                + "\"content\":{\"UID\":\"\",\"Status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}}";
        session.sendRaw(forged).get(5, TimeUnit.SECONDS);
        Message refusal = nextError(session);
        assertThat(refusal.parentId()).isEqualTo("forged-1");
        assertThat(refusal.content().asText()).contains("FORBIDDEN");
        session.abort();

        Instant after = Instant.now();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            NodeCondition ready = readyCondition().orElseThrow();
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(Instant.parse(ready.getLastHeartbeatTime())).isAfter(after);
        });
    }

    @Test
    void cloudShutsDownGracefully() throws Exception {
        assertThat(cluster.cloud().stop()).isZero();
        edge.awaitLog("lost the cloud link", Duration.ofSeconds(30));
    }

    private static KedgeProcess startEdge() throws Exception {
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

    /** The next error reply; other messages (such as the cloud's inventory query) are skipped. */
    private static Message nextError(FakeNode session) throws InterruptedException {
        return session.awaitMessage(message -> Operations.ERROR.equals(message.operation()));
    }

}
