package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
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
 * Edged runs the pods Kubernetes assigns to a node on the host-process runtime: real cloud, real
 * node, real processes. Each test starts its own cluster, so they do not depend on each other's order.
 */
class PodsOnProcessRuntimeIT {
    private static final String NS = "line-7";
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private KedgeCluster cluster;
    private KedgeCluster.EdgeNode edge;
    private Path marks;

    @BeforeEach
    void start() throws Exception {
        cluster = KedgeCluster.start("pods");
        marks = Files.createDirectories(cluster.work.resolve("marks"));
        edge = startNode();
        await().atMost(CONVERGE).until(() -> cluster.kube.nodes().withName("pods-a").get() != null);
        cluster.kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                .build()).create();
    }

    private KedgeCluster.EdgeNode startNode() throws Exception {
        KedgeCluster.EdgeNode node = cluster.startEdge("pods-a", "--runtime", "process");
        node.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        return node;
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
    void aPodRunsIsReportedRunningAndIsStoppedWhenDeleted() throws Exception {
        Path started = marks.resolve("ticker");
        cluster.kube.pods().inNamespace(NS).resource(pod("ticker", "Always",
                "echo $$ >> " + started + "; exec sleep 600")).create();

        await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
            Pod pod = cluster.kube.pods().inNamespace(NS).withName("ticker").get();
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getPodIP()).isNotBlank();
            assertThat(pod.getStatus().getContainerStatuses()).singleElement()
                    .satisfies(status -> assertThat(status.getState().getRunning()).isNotNull());
        });
        long pid = Long.parseLong(Files.readAllLines(started).get(0).trim());
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

        cluster.kube.pods().inNamespace(NS).withName("ticker").withGracePeriod(5).delete();
        await().atMost(CONVERGE).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        await().atMost(CONVERGE).until(() -> cluster.kube.pods().inNamespace(NS).withName("ticker").get() == null);
    }

    @Test
    void aContainerThatExitsIsRestartedAndItsRestartCountRises() throws Exception {
        Path runs = marks.resolve("crasher");
        cluster.kube.pods().inNamespace(NS).resource(pod("crasher", "Always", "echo run >> " + runs + "; exit 3"))
                .create();

        await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
            ContainerStatus status = cluster.kube.pods().inNamespace(NS).withName("crasher").get().getStatus()
                    .getContainerStatuses().get(0);
            assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(1);
            assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        });
        assertThat(Files.readAllLines(runs)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void afterAnOfflineRebootThePodsRunAgainAndStatusesConvergeWhenTheCloudReturns() throws Exception {
        Path started = marks.resolve("survivor");
        cluster.kube.pods().inNamespace(NS).resource(pod("survivor", "Always",
                "echo $$ >> " + started + "; exec sleep 600")).create();
        await().atMost(CONVERGE).until(() -> Files.exists(started) && Files.readAllLines(started).size() == 1);
        // the process may start before its first status reaches the API: no status yet is "not yet"
        await().atMost(CONVERGE).ignoreExceptions().until(() -> "Running".equals(cluster.kube.pods().inNamespace(NS)
                .withName("survivor").get().getStatus().getPhase()));
        long firstPid = Long.parseLong(Files.readAllLines(started).get(0).trim());

        // The cloud goes away; then the node and everything it ran stop, as in a power cut.
        cluster.cloud().close();
        edge.process().close();
        ProcessHandle.of(firstPid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(CONVERGE).until(() -> ProcessHandle.of(firstPid).map(p -> !p.isAlive()).orElse(true));

        edge = cluster.startEdge("pods-a");
        await().atMost(CONVERGE).until(() -> Files.readAllLines(started).size() == 2);
        long secondPid = Long.parseLong(Files.readAllLines(started).get(1).trim());
        assertThat(ProcessHandle.of(secondPid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

        String startedBefore = cluster.kube.pods().inNamespace(NS).withName("survivor").get().getStatus()
                .getContainerStatuses().get(0).getState().getRunning().getStartedAt();
        cluster.startCloud();
        await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
            Pod pod = cluster.kube.pods().inNamespace(NS).withName("survivor").get();
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt())
                    .as("the status of the container started after the reboot").isNotEqualTo(startedBefore);
        });
    }

    private static Pod pod(String name, String restartPolicy, String script) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNodeName("pods-a").withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(5L)
                .addNewContainer().withName("main").withImage("busybox:1.36")
                .withCommand(List.of("/bin/sh", "-c", script)).endContainer()
                .endSpec().build();
    }
}
