package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Static pods from the node's {@code DIR/manifests} on the host-process runtime, real cloud and real
 * node: the manifest's pod runs, shows in the API as a Running mirror pod, and goes (process and
 * mirror) when its file is removed; a broken manifest beside it is logged and changes nothing.
 */
class StaticPodsOnProcessRuntimeIT {
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final String NODE = "static-a";

    private KedgeCluster cluster;
    private KedgeCluster.EdgeNode edge;

    @BeforeEach
    void start() throws Exception {
        cluster = KedgeCluster.start("static");
        edge = cluster.startEdge(NODE, "--runtime", "process");
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
    }

    @AfterEach
    void stop() throws Exception {
        if (edge != null) {
            edge.process().close();
        }
        if (cluster != null) {
            cluster.close();
            cluster.endPodProcesses();
        }
    }

    @Test
    void aManifestRunsIsMirroredRunningAndGoesWithItsFile() throws Exception {
        Path marks = Files.createDirectories(cluster.work.resolve("marks"));
        Path started = marks.resolve("ticker");
        Path manifests = Files.createDirectories(edge.data().resolve("manifests"));
        Files.writeString(manifests.resolve("broken.yaml"), "kind: Pod\nmetadata: {name: [unclosed\n");
        Files.writeString(manifests.resolve("ticker.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: ticker
                  namespace: default
                spec:
                  terminationGracePeriodSeconds: 5
                  containers:
                    - name: main
                      image: busybox:1.36
                      command: ["/bin/sh", "-c", "echo $$ >> %s; exec sleep 600"]
                """.formatted(started));

        await().atMost(CONVERGE).until(() -> Files.exists(started) && !Files.readAllLines(started).isEmpty());
        long pid = Long.parseLong(Files.readAllLines(started).get(0).trim());
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());
        edge.process().awaitLog("broken.yaml ignored", CONVERGE);

        await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
            Pod mirror = cluster.kube.pods().inNamespace("default").withName("ticker-" + NODE).get();
            assertThat(mirror.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror")
                    .containsEntry("kubernetes.io/config.source", "file");
            assertThat(mirror.getSpec().getNodeName()).isEqualTo(NODE);
            assertThat(mirror.getStatus().getPhase()).isEqualTo("Running");
        });

        Files.delete(manifests.resolve("ticker.yaml"));
        await().atMost(CONVERGE).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        await().atMost(CONVERGE).until(() -> cluster.kube.pods().inNamespace("default").withName("ticker-" + NODE)
                .get() == null);
    }
}
