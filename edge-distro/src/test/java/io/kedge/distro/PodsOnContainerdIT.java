package io.kedge.distro;

import static io.kedge.distro.BusyboxPods.condition;
import static io.kedge.distro.BusyboxPods.container;
import static io.kedge.distro.BusyboxPods.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Edged runs pods on a real containerd that the node starts itself ({@code --runtime containerd}), with
 * the local busybox image as {@code ./kedge demo} imports it: real cloud, real nodes, real containers on
 * each node's own CNI bridge. One cluster and two nodes for the class, the second showing that two
 * containerd nodes share a machine (a node on containerd takes a while to start); the pods are applied
 * at once and each test looks at its own. Skipped with a message unless root, containerd, runc and the
 * CNI plugins are there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodsOnContainerdIT {
    private static final String NS = "ctr-e2e";
    private static final String NODE = "ctr-a";
    private static final String OTHER_NODE = "ctr-b";
    private static final Duration CONVERGE = Duration.ofSeconds(120);

    private KedgeCluster cluster;
    /** {@link #NODE} and a second node on the same machine, each with its own containerd, bridge and subnet. */
    private final List<ContainerdNode> nodes = new CopyOnWriteArrayList<>();
    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    /** When the API first showed each pod Running, by a watch: the figures printed at the end. */
    private final Map<String, Long> firstRunning = new ConcurrentHashMap<>();
    private Watch running;

    @BeforeAll
    void startNodesAndApplyPods() throws Exception {
        NodeContainerd.assumeContainerdCanRun();
        cluster = KedgeCluster.start("ctr");
        String subnet = NodeContainerd.freshSubnet();
        String otherSubnet = NodeContainerd.freshSubnet();
        while (otherSubnet.equals(subnet)) {
            otherSubnet = NodeContainerd.freshSubnet();
        }
        nodes.add(ContainerdNode.start(cluster, NODE, subnet));
        nodes.add(ContainerdNode.start(cluster, OTHER_NODE, otherSubnet));
        for (ContainerdNode node : nodes) {
            node.awaitUp();
        }
        cluster.kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        cluster.kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("site")
                .endMetadata().withData(Map.of("index.html", "first version\n")).build()).create();

        running = cluster.kube.pods().inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
                    firstRunning.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        apply(pod("web", "Always", container("httpd -f -p 8080 -h /www")
                .addNewVolumeMount().withName("site").withMountPath("/www").endVolumeMount()
                .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/index.html")
                        .withNewPort(8080).endHttpGet().withPeriodSeconds(1).build())
                .build()).editSpec().addNewVolume().withName("site").withNewConfigMap().withName("site").endConfigMap()
                .endVolume().endSpec().build());
        apply(pod("crasher", "Always", container("echo crashing; exit 3").build()).build());
        apply(pod("unhealthy", "Always", container("exec sleep 3600").withLivenessProbe(failingExec()).build()).build());
        apply(pod("unready", "Always", container("exec sleep 3600").withReadinessProbe(failingExec()).build()).build());
        apply(pod("neighbour", "Always", container("mkdir -p /tmp/www && echo " + OTHER_NODE
                + " > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www").build())
                .editSpec().withNodeName(OTHER_NODE).endSpec().build());
    }

    @AfterAll
    void stopEverything() throws Exception {
        firstRunning.forEach((pod, at) -> System.out.printf(
                "containerd e2e: pod %s applied -> Running in the API in %d ms%n", pod, (at - applied.get(pod)) / 1_000_000));
        if (running != null) {
            running.close();
        }
        try {
            if (cluster != null) {
                // Pods first, through their nodes, so the runtimes tear their networks down; then the
                // nodes, whose framework stop ends their containerd.
                cluster.kube.pods().inNamespace(NS).withGracePeriod(1).delete();
            }
            for (ContainerdNode node : nodes) {
                node.stopOrderly();
            }
        } finally {
            for (ContainerdNode node : nodes) {
                node.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
        for (ContainerdNode node : nodes) {
            assertThat(node.containerd.leftovers()).as("what %s's containerd left behind", node.name).isEmpty();
        }
    }

    @Test
    void aPodRunsWithAnIpItsServerAnswersTheNodeItsConfigMapFollowsChangesAndDeleteRemovesIt() throws Exception {
        Pod running = await().atMost(CONVERGE).ignoreExceptions().until(() -> pod("web"), pod -> {
            ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
            return "Running".equals(pod.getStatus().getPhase()) && status.getReady()
                    && condition(pod, "Ready").equals("True");
        });
        System.out.printf("containerd e2e: pod web applied -> Running and Ready in the API in %d ms%n",
                (System.nanoTime() - applied.get("web")) / 1_000_000);
        String ip = running.getStatus().getPodIP();
        assertThat(ip).as("pod IP, from the node's own subnet").startsWith(nodes.get(0).prefix());
        assertThat(running.getStatus().getContainerStatuses().get(0).getContainerID()).startsWith("containerd://");
        assertThat(get(ip, "/index.html")).as("the configMap served by httpd in the pod").isEqualTo("first version\n");

        cluster.kube.configMaps().inNamespace(NS).withName("site").edit(map -> new ConfigMapBuilder(map)
                .withData(Map.of("index.html", "second version\n")).build());
        await().atMost(CONVERGE).ignoreExceptions().until(() -> get(ip, "/index.html"), "second version\n"::equals);
        assertThat(pod("web").getStatus().getContainerStatuses().get(0).getRestartCount())
                .as("a configMap change reaches the file without a restart").isZero();

        String uid = running.getMetadata().getUid();
        String containerId = running.getStatus().getContainerStatuses().get(0).getContainerID()
                .substring("containerd://".length());
        NodeContainerd containerd = nodes.get(0).containerd;
        assertThat(containerd.containersOfPod(uid)).as("sandbox and container in containerd").contains(containerId)
                .hasSize(2);
        cluster.kube.pods().inNamespace(NS).withName("web").withGracePeriod(2).delete();
        await().atMost(CONVERGE).until(() -> containerd.containersOfPod(uid).isEmpty());
        await().atMost(CONVERGE).until(() -> cluster.kube.pods().inNamespace(NS).withName("web").get() == null);
    }

    @Test
    void twoContainerdNodesOnOneMachineGiveTheirPodsAddressesOfTheirOwnSubnets() throws Exception {
        Pod neighbour = await().atMost(CONVERGE).ignoreExceptions().until(() -> pod("neighbour"),
                pod -> "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getPodIP() != null);
        Pod local = await().atMost(CONVERGE).ignoreExceptions().until(() -> pod("unready"),
                pod -> "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getPodIP() != null);
        assertThat(neighbour.getStatus().getPodIP()).startsWith(nodes.get(1).prefix());
        assertThat(local.getStatus().getPodIP()).startsWith(nodes.get(0).prefix());
        await().atMost(CONVERGE).ignoreExceptions()
                .until(() -> get(neighbour.getStatus().getPodIP(), "/index.html"), (OTHER_NODE + "\n")::equals);
        assertThat(nodes.get(0).containerd.containersOfPod(neighbour.getMetadata().getUid()))
                .as("the neighbour's pod is not in this node's containerd").isEmpty();
        assertThat(nodes.get(1).containerd.containersOfPod(neighbour.getMetadata().getUid())).hasSize(2);
    }

    @Test
    void aContainerThatExitsIsRestartedWithItsRestartCountRisingInTheApi() {
        await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
            ContainerStatus status = pod("crasher").getStatus().getContainerStatuses().get(0);
            assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(2);
            assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        });
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() {
        await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
            ContainerStatus status = pod("unhealthy").getStatus().getContainerStatuses().get(0);
            assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(1);
            assertThat(status.getLastState().getTerminated()).as("the container the probe judged dead").isNotNull();
        });
    }

    @Test
    void aFailingReadinessProbeKeepsThePodRunningButNotReady() {
        await().atMost(CONVERGE).ignoreExceptions().until(() -> pod("unready"),
                p -> "Running".equals(p.getStatus().getPhase())
                        && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null
                        && condition(p, "Ready").equals("False"));
        Pod pod = pod("unready");
        assertThat(condition(pod, "ContainersReady")).isEqualTo("False");
        ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
        assertThat(status.getReady()).isFalse();
        assertThat(status.getRestartCount()).as("readiness never restarts").isZero();
    }

    private void apply(Pod pod) {
        applied.put(pod.getMetadata().getName(), System.nanoTime());
        cluster.kube.pods().inNamespace(NS).resource(pod).create();
    }

    private Pod pod(String name) {
        return cluster.kube.pods().inNamespace(NS).withName(name).get();
    }

    private static Probe failingExec() {
        return new ProbeBuilder().withNewExec().withCommand("sh", "-c", "exit 1").endExec().withPeriodSeconds(1)
                .withFailureThreshold(2).build();
    }

    private static PodBuilder pod(String name, String restartPolicy, Container main) {
        return BusyboxPods.pod(NS, NODE, name, restartPolicy, main);
    }
}
