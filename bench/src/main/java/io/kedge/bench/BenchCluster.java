package io.kedge.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in API, the cloud-app and one joined edge node on free ports, as {@code ./kedge} runs them,
 * for the benches that measure one node. Closing stops them all, the node first.
 */
final class BenchCluster implements AutoCloseable {
    final Path work;
    final String node;
    final int mqttPort;
    final KubernetesClient kube;
    final Process edge;
    private final List<Process> processes;

    private BenchCluster(Path work, String node, int mqttPort, KubernetesClient kube, Process edge,
            List<Process> processes) {
        this.work = work;
        this.node = node;
        this.mqttPort = mqttPort;
        this.kube = kube;
        this.edge = edge;
        this.processes = processes;
    }

    /** Starts all three and returns once the node is connected to the cloud; {@code runtime} as for join. */
    static BenchCluster start(String prefix, String node, String runtime) throws Exception {
        Path work = Files.createTempDirectory(prefix);
        List<Process> processes = new ArrayList<>();
        try {
            Process api = KedgeBench.start(work, "api", "api", "--port", "0", "--kubeconfig",
                    work.resolve("kubeconfig").toString());
            processes.add(api);
            KedgeBench.awaitLog(api, work.resolve("api.log"), "Kubernetes API listening", 90_000);
            int hubPort = KedgeBench.freePort();
            int certPort = KedgeBench.freePort();
            Process cloud = KedgeBench.start(work, "cloud", KedgeBench.cloudArgs(work, hubPort, certPort));
            processes.add(cloud);
            KedgeBench.awaitLog(cloud, work.resolve("cloud.log"), "Watching the cluster", 90_000);
            int mqttPort = KedgeBench.freePort();
            Process edge = KedgeBench.start(work, node, KedgeBench.joinArgs(runtime, hubPort, certPort,
                    KedgeBench.token(work), node, work.resolve(node), "--mqtt-port", Integer.toString(mqttPort),
                    "--console-port", Integer.toString(KedgeBench.freePort()),
                    "--metaserver-port", Integer.toString(KedgeBench.freePort())));
            processes.add(0, edge);
            KedgeBench.awaitLog(edge, work.resolve(node + ".log"), "Connected to the cloud", 90_000);
            KubernetesClient kube = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(work.resolve("kubeconfig")))).build();
            return new BenchCluster(work, node, mqttPort, kube, edge, processes);
        } catch (Exception | Error e) {
            stop(processes);
            throw e;
        }
    }

    Path nodeData() {
        return work.resolve(node);
    }

    Path nodeLog() {
        return work.resolve(node + ".log");
    }

    /** Creates or updates every object of a multi-document YAML. */
    void apply(String yaml) {
        List<HasMetadata> items = kube.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
        items.forEach(item -> kube.resource(item).createOr(NonDeletingOperation::update));
    }

    @Override
    public void close() throws InterruptedException {
        kube.close();
        stop(processes);
        System.out.println("logs and node folder: " + work);
    }

    private static void stop(List<Process> processes) throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
