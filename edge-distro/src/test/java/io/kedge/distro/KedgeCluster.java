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
    final KubernetesClient kube;
    private final KedgeProcess api;
    private final List<String> cloudOptions;
    private KedgeProcess cloud;

    private KedgeCluster(Path work, int hubPort, KedgeProcess api, KubernetesClient kube, List<String> cloudOptions) {
        this.work = work;
        this.hubPort = hubPort;
        this.api = api;
        this.kube = kube;
        this.cloudOptions = cloudOptions;
    }

    /** Starts the API and the cloud-app; {@code cloudOptions} are added to {@code ./kedge cloud}. */
    static KedgeCluster start(String name, String... cloudOptions) throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kedge-" + name + "-");
        Path kubeconfig = work.resolve("kubeconfig");
        KedgeProcess api = KedgeProcess.start("api", work, List.of("api", "--port", "0", "--kubeconfig",
                kubeconfig.toString(), "--state", work.resolve("api-state.json").toString()));
        api.awaitLog("Kubernetes API listening", START);
        KubernetesClient kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        KedgeCluster cluster = new KedgeCluster(work, KedgeProcess.freePort(), api, kube, List.of(cloudOptions));
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
                "127.0.0.1", "--port", Integer.toString(hubPort)));
        args.addAll(cloudOptions);
        cloud = KedgeProcess.start("cloud", work, args);
        cloud.awaitLog("CloudHub listening", START);
    }

    /** An edge node with fast status and reconnect settings and free ports of its own. */
    EdgeNode startEdge(String node, String... extraOptions) throws Exception {
        int metaServerPort = KedgeProcess.freePort();
        List<String> args = new ArrayList<>(List.of("edge", "--cloud", "127.0.0.1:" + hubPort, "--node", node,
                "--data", work.resolve(node).toString(), "--console-port", Integer.toString(KedgeProcess.freePort()),
                "--metaserver-port", Integer.toString(metaServerPort), "--status-interval", "2", "--heartbeat", "2",
                "--reconnect-max", "2000"));
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

    /** A running edge node process; its MetaServer port is read back from its configuration. */
    record EdgeNode(String name, KedgeProcess process, Path data) {
        int metaServerPort() throws java.io.IOException {
            String config = Files.readString(data.resolve("etc/io.kedge.metaserver.cfg"));
            return Integer.parseInt(config.replaceAll("(?s).*port=(\\d+).*", "$1"));
        }
    }
}
