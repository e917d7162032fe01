package io.kedge.distro;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in Kubernetes API and the cloud-app as real processes, plus the edge nodes a test
 * starts; everything logs into one temporary folder.
 */
final class KedgeCluster implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(90);

    final Path work;
    final int hubPort;
    final int certPort;
    final KubernetesClient kube;
    private final KedgeProcess api;
    private final List<String> cloudOptions;
    private KedgeProcess cloud;
    private String joinToken;
    /** Node-bound tokens by node: a restarted node passes its (used) token again and keeps its certificate. */
    private final java.util.Map<String, String> nodeTokens = new java.util.HashMap<>();

    private KedgeCluster(Path work, int hubPort, int certPort, KedgeProcess api, KubernetesClient kube,
            List<String> cloudOptions) {
        this.work = work;
        this.hubPort = hubPort;
        this.certPort = certPort;
        this.api = api;
        this.kube = kube;
        this.cloudOptions = cloudOptions;
    }

    /** Starts the API and the cloud-app; {@code cloudOptions} are added to {@code ./kedge cloud}. */
    static KedgeCluster start(String name, String... cloudOptions) throws Exception {
        return start(name, List.of(), cloudOptions);
    }

    /** As {@link #start(String, String...)}, with {@code apiOptions} added to {@code ./kedge api}. */
    static KedgeCluster start(String name, List<String> apiOptions, String... cloudOptions) throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kedge-" + name + "-");
        Path kubeconfig = work.resolve("kubeconfig");
        List<String> apiArgs = new ArrayList<>(List.of("api", "--port", "0", "--kubeconfig", kubeconfig.toString(),
                "--state", work.resolve("api-state.json").toString()));
        apiArgs.addAll(apiOptions);
        KedgeProcess api = KedgeProcess.start("api", work, apiArgs);
        api.awaitLog("Kubernetes API listening", START);
        KubernetesClient kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        KedgeCluster cluster = new KedgeCluster(work, KedgeProcess.freePort(), KedgeProcess.freePort(), api, kube,
                List.of(cloudOptions));
        cluster.startCloud();
        return cluster;
    }

    Path kubeconfig() {
        return work.resolve("kubeconfig");
    }

    KedgeProcess cloud() {
        return cloud;
    }

    void startCloud() throws Exception {
        List<String> args = new ArrayList<>(List.of("cloud", "--kubeconfig", kubeconfig().toString(), "--bind",
                "127.0.0.1", "--port", Integer.toString(hubPort), "--cert-port", Integer.toString(certPort),
                "--metrics-port", "0"));
        args.addAll(cloudOptions);
        cloud = KedgeProcess.start("cloud", work, args);
        cloud.awaitLog("CloudHub listening", START);
        // Changes made before the informers watch could be missed by an API that does not replay
        // watches from a resourceVersion (the embedded one): tests change the cluster only after this.
        cloud.awaitLog("Watching the cluster", START);
        // A kind whose first list timed out on a busy API is never watched (the cloud logs it and
        // carries on): say so here rather than as a later test's timeout.
        if (cloud.output().contains("Cannot watch")) {
            throw new AssertionError("the cloud does not watch every kind:\n" + cloud.tail());
        }
    }

    /** A cluster-wide join token ({@code ./kedge cloud token --any-node}), fetched once per cluster: for fleets. */
    synchronized String joinToken() throws Exception {
        if (joinToken == null) {
            joinToken = createToken("--any-node");
        }
        return joinToken;
    }

    /** A token for {@code node} only ({@code ./kedge token create --node NAME}), as a real node joins; once per node. */
    synchronized String joinToken(String node) throws Exception {
        String token = nodeTokens.get(node);
        if (token == null) {
            token = createToken("--node", node);
            nodeTokens.put(node, token);
        }
        return token;
    }

    private String createToken(String... reach) throws Exception {
        List<String> args = new ArrayList<>(List.of("token", "create", "--kubeconfig", kubeconfig().toString()));
        args.addAll(List.of(reach));
        KedgeProcess tokenCommand = KedgeProcess.start("token", work, args);
        if (tokenCommand.waitFor(START) != 0) {
            throw new AssertionError("kedge token create failed:\n" + tokenCommand.tail());
        }
        List<String> lines = tokenCommand.output().lines().filter(line -> line.matches("[0-9a-f]{64}\\..+"))
                .toList();
        if (lines.isEmpty()) {
            throw new AssertionError("no token in the output of kedge token create:\n" + tokenCommand.tail());
        }
        return lines.get(lines.size() - 1).trim();
    }

    /**
     * An edge node that joins with a token (or, already joined, just starts), with fast status and
     * reconnect settings and free ports of its own.
     */
    EdgeNode startEdge(String node, String... extraOptions) throws Exception {
        return startEdgeVia(hubPort, node, extraOptions);
    }

    /** As {@link #startEdge}, reaching the hub at {@code 127.0.0.1:hubPort} (a proxy, say). */
    EdgeNode startEdgeVia(int hubPort, String node, String... extraOptions) throws Exception {
        int metaServerPort = KedgeProcess.freePort();
        List<String> args = new ArrayList<>(List.of("edge", "join", "--cloud", "127.0.0.1:" + hubPort,
                "--cert-url", "https://127.0.0.1:" + certPort, "--token", joinToken(node), "--node", node,
                "--data", work.resolve(node).toString(), "--console-port", Integer.toString(KedgeProcess.freePort()),
                "--metaserver-port", Integer.toString(metaServerPort), "--mqtt-port", Integer.toString(KedgeProcess.freePort()), "--status-interval", "2", "--heartbeat", "2",
                "--reconnect-max", "2000"));
        if (!List.of(extraOptions).contains("--runtime")) {
            // Tests of the channel and the metadata keep pods without running them (no stray processes).
            args.addAll(List.of("--runtime", "none"));
        }
        args.addAll(List.of(extraOptions));
        return new EdgeNode(node, KedgeProcess.start(node, work, args), work.resolve(node));
    }

    @Override
    public void close() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
        api.close();
        kube.close();
    }

    /**
     * Ends the pod processes this cluster's nodes left running (a stopped node leaves its pods
     * running, as a stopped kubelet does): every process whose command line names the work folder.
     */
    void endPodProcesses() {
        String folder = work.toString();
        ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .map(line -> line.contains(folder)).orElse(false)).forEach(supervisor -> {
                    supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
                    supervisor.destroyForcibly();
                });
    }

    /** A running edge node process; its MetaServer port is read back from its configuration. */
    record EdgeNode(String name, KedgeProcess process, Path data) {
        int metaServerPort() throws java.io.IOException {
            String config = Files.readString(data.resolve("etc/io.kedge.metaserver.cfg"));
            return Integer.parseInt(config.replaceAll("(?s).*port=(\\d+).*", "$1"));
        }

        /** A Kubernetes client of this node's MetaServer, as an edge app would use it. */
        KubernetesClient metaServer() throws java.io.IOException {
            Config config = new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + metaServerPort()).withRequestTimeout(30_000).build();
            return new KubernetesClientBuilder().withConfig(config).build();
        }

        /** The node's Prometheus figures (MetaServer /metrics), by series name with labels. */
        java.util.Map<String, Double> metrics() throws Exception {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + metaServerPort()
                            + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
            }
            java.util.Map<String, Double> figures = new java.util.TreeMap<>();
            response.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
                int space = line.lastIndexOf(' ');
                figures.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
            });
            return figures;
        }
    }
}
