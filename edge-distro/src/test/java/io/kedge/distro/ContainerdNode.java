package io.kedge.distro;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An edge node on {@code --runtime containerd} as the containerd end-to-end tests run it: its own
 * containerd ({@link NodeContainerd}), CNI bridge and /24, the busybox image imported once it is up,
 * and a console password of its own so that a test can read the node's own view of its pods. A
 * restart starts the same node again from its folder: configuration, cache and containerd's files.
 */
final class ContainerdNode {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final NodeContainerd containerd;
    final String subnet;
    private final KedgeCluster cluster;
    private final List<String> options;
    private final String consolePassword;
    private volatile KedgeCluster.EdgeNode edge;

    private ContainerdNode(KedgeCluster cluster, String name, String subnet, String bridge, String consolePassword) {
        this.cluster = cluster;
        this.name = name;
        this.subnet = subnet;
        this.consolePassword = consolePassword;
        this.containerd = new NodeContainerd(cluster.work.resolve(name), bridge);
        this.options = List.of("--runtime", "containerd", "--pod-bridge", bridge, "--pod-subnet", subnet,
                "--console-password", consolePassword);
    }

    /** Starts the node's process (joining the cluster); {@link #awaitUp()} waits for it. */
    static ContainerdNode start(KedgeCluster cluster, String name, String subnet) throws Exception {
        byte[] secret = new byte[12];
        ThreadLocalRandom.current().nextBytes(secret);
        ContainerdNode node = new ContainerdNode(cluster, name, subnet, NodeContainerd.freshBridge(),
                HexFormat.of().formatHex(secret));
        node.edge = cluster.startEdge(name, node.options.toArray(String[]::new));
        return node;
    }

    /** Waits until the node connected, its containerd has the busybox image and the API shows the Node. */
    void awaitUp() throws Exception {
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        long importStart = System.nanoTime();
        containerd.importBusybox(cluster.work.resolve("image-" + name));
        System.out.printf("containerd e2e: %s: its containerd up and the busybox image imported %d ms after it"
                + " connected%n", name, (System.nanoTime() - importStart) / 1_000_000);
        await().atMost(KedgeCluster.START).until(() -> cluster.kube.nodes().withName(name).get() != null);
    }

    /** Starts the node again from its folder (its options are in there; the ones given again are noted and ignored). */
    void restart() throws Exception {
        edge = cluster.startEdge(name, options.toArray(String[]::new));
    }

    KedgeCluster.EdgeNode edge() {
        return edge;
    }

    /** The first three octets of its /24 and the dot: every pod IP of the node starts so. */
    String prefix() {
        return subnet.substring(0, subnet.lastIndexOf(".0/24") + 1);
    }

    /** One pod as the node itself last saw it (its console's Pods page), cloud or not. */
    record SeenPod(String name, String phase, String podIp, String state, String ready) {
    }

    /**
     * The node's own view of its pods, first container of each: the rows of the console's
     * {@code pods/pods.json} (pod, phase, pod IP, container, state, ready, restarts, last state).
     */
    List<SeenPod> podsSeenByNode() throws Exception {
        String config = Files.readString(edge.data().resolve("etc/org.apache.felix.http.cfg"));
        String port = config.replaceAll("(?s).*org\\.osgi\\.service\\.http\\.port=(\\d+).*", "$1");
        String credentials = Base64.getEncoder()
                .encodeToString(("admin:" + consolePassword).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/system/console/pods/pods.json"))
                .header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET pods.json answered " + response.statusCode() + ": " + response.body());
        }
        List<SeenPod> pods = new ArrayList<>();
        for (JsonNode row : JSON.readTree(response.body()).path("rows")) {
            if (!row.path(0).asText().isEmpty()) { // a pod's first container; further ones leave the pod cells empty
                pods.add(new SeenPod(row.path(0).asText(), row.path(1).asText(), row.path(2).asText(),
                        row.path(4).asText(), row.path(5).asText()));
            }
        }
        return pods;
    }

    /** Waits until the node's pods are stopped through it (so their networks are torn down), then SIGTERM. */
    void stopOrderly() {
        try {
            if (edge.process().isAlive()) {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> containerd.containers().isEmpty());
                edge.process().stop();
            }
        } catch (Throwable e) {
            System.err.println("containerd e2e: orderly stop of " + name + " failed, cleaning up by force: " + e);
        }
    }

    /** Kills the node if it still runs and removes whatever its containerd left. */
    void close() throws Exception {
        edge.process().close();
        containerd.cleanUp();
    }
}
