package io.kedge.distro;

import static io.kedge.distro.BusyboxPods.condition;
import static io.kedge.distro.BusyboxPods.container;
import static io.kedge.distro.BusyboxPods.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edge autonomy on containerd: a node whose pods run loses the cloud, then the machine loses power
 * (the node, its containerd, the shims and the containers killed; their mounts and the pods' bridge
 * gone; containerd's files kept, as they are on disk), and one of its pods is deleted outright in
 * the API meanwhile. The node starts again with the cloud still away and runs its pods again from
 * its own cache, configMap volume included, in fresh sandboxes; once the cloud returns the API shows
 * them as the node runs them, with exactly one sandbox and one address per pod, and the deleted pod
 * is gone from containerd, the node and the API. Stopping only the node would prove little here: its
 * containerd and the containers would keep running under their shims, and the restarted node would
 * merely take them over. Skipped with a message unless root, containerd, runc and the CNI plugins
 * are there.
 */
class ContainerdOfflineRebootIT {
    private static final String NS = "reboot";
    private static final String NODE = "reboot-a";
    private static final List<String> PODS = List.of("web", "idle", "retired");
    /** The pods that stay; "retired" is deleted while the node and the cloud are away. */
    private static final List<String> KEPT = List.of("web", "idle");
    private static final Duration CONVERGE = Duration.ofSeconds(120);

    private KedgeCluster cluster;
    private ContainerdNode node;

    @BeforeEach
    void start() throws Exception {
        NodeContainerd.assumeContainerdCanRun();
        cluster = KedgeCluster.start("ctr-reboot");
        node = ContainerdNode.start(cluster, NODE, NodeContainerd.freshSubnet());
        node.awaitUp();
        cluster.kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        cluster.kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("site")
                .endMetadata().withData(Map.of("index.html", "served from the node's cache\n")).build()).create();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (cluster != null && node != null) {
                // Pods first, through the node, so the runtime tears their networks down; then the
                // node, whose framework stop ends its containerd.
                cluster.kube.pods().inNamespace(NS).withGracePeriod(1).delete();
                node.stopOrderly();
            }
        } finally {
            if (node != null) {
                node.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
        if (node != null) {
            assertThat(node.containerd.leftovers()).as("what the node's containerd left behind").isEmpty();
        }
    }

    @Test
    void afterAPowerCutWithoutTheCloudThePodsRunAgainFromTheNodesCacheAndTheApiConvergesWhenItReturns()
            throws Exception {
        apply(BusyboxPods.pod(NS, NODE, "web", "Always", container("httpd -f -p 8080 -h /www")
                .addNewVolumeMount().withName("site").withMountPath("/www").endVolumeMount()
                .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/index.html").withNewPort(8080)
                        .endHttpGet().withPeriodSeconds(1).build())
                .build()).editSpec().addNewVolume().withName("site").withNewConfigMap().withName("site").endConfigMap()
                .endVolume().endSpec().build());
        for (String name : List.of("idle", "retired")) {
            apply(BusyboxPods.pod(NS, NODE, name, "Always", container("exec sleep 3600").build()).build());
        }
        Map<String, Pod> before = new HashMap<>();
        for (String name : PODS) {
            before.put(name, await().atMost(CONVERGE).ignoreExceptions().until(() -> pod(name),
                    pod -> "Running".equals(pod.getStatus().getPhase()) && condition(pod, "Ready").equals("True")));
        }
        assertThat(get(before.get("web").getStatus().getPodIP(), "/index.html"))
                .isEqualTo("served from the node's cache\n");
        Map<String, String> sandboxBefore = new HashMap<>();
        for (String name : PODS) {
            assertThat(node.containerd.sandboxesOfPod(uid(before.get(name)))).as("%s's sandbox before", name)
                    .singleElement().satisfies(id -> sandboxBefore.put(name, id));
        }

        // The cloud goes away; then the machine loses power.
        cluster.cloud().close();
        node.edge().process().kill();
        node.containerd.powerCut();
        assertThat(node.containerd.leftovers()).as("what survived the power cut").isEmpty();
        // deleted outright, as kubectl delete --force does: only the cloud's resync can tell the node
        cluster.kube.pods().inNamespace(NS).withName("retired").withGracePeriod(0).delete();

        long restart = System.nanoTime();
        node.restart();
        // The node's own view (its console) and containerd: its pods run again, without the cloud.
        await("the pods running again on the node, the cloud away").atMost(CONVERGE).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(node.podsSeenByNode()).hasSize(PODS.size()).allSatisfy(seen -> {
                        assertThat(seen.phase()).as(seen.name()).isEqualTo("Running");
                        assertThat(seen.state()).as(seen.name()).isEqualTo("running");
                        assertThat(seen.ready()).as(seen.name()).isEqualTo("yes");
                        assertThat(seen.podIp()).as(seen.name()).startsWith(node.prefix());
                    });
                    List<String> running = node.containerd.runningTasks();
                    for (String name : PODS) {
                        assertThat(node.containerd.sandboxesOfPod(uid(before.get(name)))).as("%s's sandbox after", name)
                                .singleElement().isNotEqualTo(sandboxBefore.get(name)).isIn(running);
                    }
                });
        System.out.printf("containerd e2e: after the power cut, node start -> its %d pods running again, the cloud"
                + " away: %d ms%n", PODS.size(), (System.nanoTime() - restart) / 1_000_000);
        // The node does not know of the deletion yet: it runs "retired" again too.
        String webIp = node.podsSeenByNode().stream().filter(seen -> seen.name().equals(NS + "/web")).findFirst()
                .orElseThrow().podIp();
        assertThat(get(webIp, "/index.html")).as("the configMap, from the node's cache").isEqualTo(
                "served from the node's cache\n");
        try (KubernetesClient metaServer = node.edge().metaServer()) {
            assertThat(metaServer.pods().inNamespace(NS).list().getItems()).as("pods served by the node's MetaServer")
                    .extracting(pod -> pod.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(PODS);
        }

        long cloudBack = System.nanoTime();
        cluster.startCloud();
        await("the API showing the pods as the node runs them").atMost(CONVERGE).ignoreExceptions()
                .untilAsserted(() -> {
                    for (String name : KEPT) {
                        Pod pod = pod(name);
                        assertThat(pod.getStatus().getPhase()).as(name).isEqualTo("Running");
                        assertThat(condition(pod, "Ready")).as(name).isEqualTo("True");
                        assertThat(startedAt(pod)).as("%s: the container started after the power cut", name)
                                .isNotEqualTo(startedAt(before.get(name)));
                    }
                    assertThat(pod("web").getStatus().getPodIP()).isEqualTo(webIp);
                    assertThat(pod("retired")).as("the pod deleted meanwhile, in the API").isNull();
                    assertThat(node.containerd.containersOfPod(uid(before.get("retired"))))
                            .as("the pod deleted meanwhile, in containerd").isEmpty();
                    assertThat(node.podsSeenByNode()).extracting(ContainerdNode.SeenPod::name)
                            .containsExactlyInAnyOrder(NS + "/web", NS + "/idle");
                });
        System.out.printf("containerd e2e: cloud started -> the API converged with the node: %d ms%n",
                (System.nanoTime() - cloudBack) / 1_000_000);
        try (KubernetesClient metaServer = node.edge().metaServer()) {
            await("the pod deleted meanwhile, off the node's MetaServer").atMost(CONVERGE).ignoreExceptions()
                    .untilAsserted(() -> assertThat(metaServer.pods().inNamespace(NS).list().getItems())
                            .extracting(pod -> pod.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(KEPT));
        }
        // No pod twice: a sandbox and its container per pod, for a few of Edged's passes (every 2 s).
        await("one sandbox and one container per pod").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    for (String name : KEPT) {
                        String uid = uid(before.get(name));
                        assertThat(node.containerd.sandboxesOfPod(uid)).as(name).hasSize(1);
                        assertThat(node.containerd.containersOfPod(uid)).as(name).hasSize(2);
                    }
                    assertThat(node.containerd.allocatedPodIps()).as("pod addresses held, none leaked by the reboot")
                            .containsExactlyInAnyOrderElementsOf(KEPT.stream().map(name -> pod(name).getStatus()
                                    .getPodIP()).toList());
                });
    }

    private void apply(Pod pod) {
        cluster.kube.pods().inNamespace(NS).resource(pod).create();
    }

    private Pod pod(String name) {
        return cluster.kube.pods().inNamespace(NS).withName(name).get();
    }

    private static String uid(HasMetadata object) {
        return object.getMetadata().getUid();
    }

    private static String startedAt(Pod pod) {
        return pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt();
    }
}
