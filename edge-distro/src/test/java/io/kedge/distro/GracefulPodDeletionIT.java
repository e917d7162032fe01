package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pod deleted as in a real cluster (the embedded API with --graceful-pod-deletion keeps it
 * Terminating): the node stops its container with the grace period, then tells the cloud, which
 * removes the Pod. Real API, cloud, node and processes.
 */
class GracefulPodDeletionIT {
    private static final String NS = "line-9";
    private static final String NODE = "graceful-a";
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private KedgeCluster cluster;
    private KedgeCluster.EdgeNode edge;

    @BeforeEach
    void start() throws Exception {
        cluster = KedgeCluster.start("graceful", List.of("--graceful-pod-deletion"));
        edge = cluster.startEdge(NODE, "--runtime", "process");
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        await().atMost(CONVERGE).until(() -> cluster.kube.nodes().withName(NODE).get() != null);
        cluster.kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                .build()).create();
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
    void aDeletedPodIsTerminatingUntilItsContainerStoppedThenGone() throws Exception {
        Path marks = Files.createDirectories(cluster.work.resolve("marks"));
        Path started = marks.resolve("started");
        Path stopped = marks.resolve("stopped");
        // takes a moment to stop on TERM, as a real service does
        String script = "echo $$ >> " + started + "; trap 'sleep 1; echo term >> " + stopped + "; exit 0' TERM; "
                + "while true; do sleep 1; done";
        cluster.kube.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("worker")
                .withNamespace(NS).endMetadata().withNewSpec().withNodeName(NODE)
                .withTerminationGracePeriodSeconds(20L).addNewContainer().withName("main").withImage("busybox:1.36")
                .withCommand(List.of("/bin/sh", "-c", script)).endContainer().endSpec().build()).create();
        await().atMost(CONVERGE).ignoreExceptions().until(() -> "Running".equals(cluster.kube.pods().inNamespace(NS)
                .withName("worker").get().getStatus().getPhase()));

        cluster.kube.pods().inNamespace(NS).withName("worker").delete();

        Pod terminating = cluster.kube.pods().inNamespace(NS).withName("worker").get();
        assertThat(terminating).as("kept while its node stops it").isNotNull();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        await().atMost(CONVERGE).until(() -> cluster.kube.pods().inNamespace(NS).withName("worker").get() == null);
        assertThat(Files.readAllLines(stopped)).as("stopped with TERM and its grace, before the Pod went")
                .containsExactly("term");
    }
}
