package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Edged runs pods on a real containerd that the node starts itself ({@code --runtime containerd}), with
 * the local busybox image as {@code ./kedge demo} imports it: real cloud, real node, real containers on
 * the node's own CNI bridge. One cluster and one node for the class (a node on containerd takes a while
 * to start); the pods are applied at once and each test looks at its own. Skipped with a message unless
 * root, containerd, runc and the CNI plugins are there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodsOnContainerdIT {
    private static final String NS = "ctr-e2e";
    private static final String NODE = "ctr-a";
    private static final Duration CONVERGE = Duration.ofSeconds(120);

    private KedgeCluster cluster;
    private KedgeCluster.EdgeNode edge;
    private NodeContainerd containerd;
    private String subnet;
    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    void startNodeAndApplyPods() throws Exception {
        NodeContainerd.assumeContainerdCanRun();
        cluster = KedgeCluster.start("ctr");
        String bridge = NodeContainerd.freshBridge();
        containerd = new NodeContainerd(cluster.work.resolve(NODE), bridge);
        subnet = NodeContainerd.freshSubnet();
        edge = cluster.startEdge(NODE, "--runtime", "containerd", "--pod-bridge", bridge, "--pod-subnet", subnet);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        long importStart = System.nanoTime();
        containerd.importBusybox(cluster.work.resolve("image"));
        System.out.printf("containerd e2e: busybox image built and imported in %d ms%n",
                (System.nanoTime() - importStart) / 1_000_000);
        await().atMost(CONVERGE).until(() -> cluster.kube.nodes().withName(NODE).get() != null);
        cluster.kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        cluster.kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("site")
                .endMetadata().withData(Map.of("index.html", "first version\n")).build()).create();

        apply(pod("web", "Always", container("httpd -f -p 8080 -h /www")
                .addNewVolumeMount().withName("site").withMountPath("/www").endVolumeMount()
                .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/index.html")
                        .withNewPort(8080).endHttpGet().withPeriodSeconds(1).build())
                .build()).editSpec().addNewVolume().withName("site").withNewConfigMap().withName("site").endConfigMap()
                .endVolume().endSpec().build());
        apply(pod("crasher", "Always", container("echo crashing; exit 3").build()).build());
        apply(pod("unhealthy", "Always", container("exec sleep 3600").withLivenessProbe(failingExec()).build()).build());
        apply(pod("unready", "Always", container("exec sleep 3600").withReadinessProbe(failingExec()).build()).build());
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (edge != null && edge.process().isAlive()) {
                // Pods first, through the node, so the runtime tears their networks down; then the node,
                // whose framework stop ends its containerd.
                cluster.kube.pods().inNamespace(NS).withGracePeriod(1).delete();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> containerd.containers().isEmpty());
                edge.process().stop();
            }
        } catch (Throwable e) {
            System.err.println("containerd e2e: orderly stop failed, cleaning up by force: " + e);
        } finally {
            if (edge != null) {
                edge.process().close();
            }
            if (containerd != null) {
                containerd.cleanUp();
                assertThat(containerd.leftovers()).as("what the node's containerd left behind").isEmpty();
            }
            if (cluster != null) {
                cluster.close();
            }
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
        assertThat(ip).as("pod IP, from the node's own subnet").startsWith(subnet.substring(0, subnet.lastIndexOf(".0/24") + 1));
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
        assertThat(containerd.containersOfPod(uid)).as("sandbox and container in containerd").contains(containerId)
                .hasSize(2);
        cluster.kube.pods().inNamespace(NS).withName("web").withGracePeriod(2).delete();
        await().atMost(CONVERGE).until(() -> containerd.containersOfPod(uid).isEmpty());
        await().atMost(CONVERGE).until(() -> cluster.kube.pods().inNamespace(NS).withName("web").get() == null);
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

    private String get(String ip, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(PodCondition::getStatus).findFirst().orElse("");
    }

    private static Probe failingExec() {
        return new ProbeBuilder().withNewExec().withCommand("sh", "-c", "exit 1").endExec().withPeriodSeconds(1)
                .withFailureThreshold(2).build();
    }

    private static ContainerBuilder container(String script) {
        return new ContainerBuilder().withName("main").withImage("busybox").withImagePullPolicy("IfNotPresent")
                .withCommand("/bin/sh", "-c", script);
    }

    private static PodBuilder pod(String name, String restartPolicy, io.fabric8.kubernetes.api.model.Container main) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNodeName(NODE).withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(1L)
                .withContainers(main).endSpec();
    }
}
