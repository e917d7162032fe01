package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes objects reach the right edge node, are kept in its SQLite store and are served by its
 * MetaServer, also while the cloud is away. Real processes. The cluster and its two nodes are
 * shared; each test works in a namespace of its own and starts with the cloud and both nodes up
 * (restarting what an earlier test killed), so the tests hold in any order.
 * {@code -Dkedge.e2e.objects} sets the bulk count (CI: 300; {@code ./kedge test --full}: 2,000).
 */
class EdgeObjectsEndToEndIT {
    private static final String NODE_A = "objects-a";
    private static final String NODE_B = "objects-b";
    private static final int BULK = Integer.getInteger("kedge.e2e.objects", 300);
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private static KedgeCluster cluster;
    private static KedgeCluster.EdgeNode edgeA;
    private static KedgeCluster.EdgeNode edgeB;

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("objects");
        edgeA = cluster.startEdge(NODE_A);
        edgeB = cluster.startEdge(NODE_B);
        edgeA.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        edgeB.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        await().atMost(CONVERGE).until(() -> cluster.kube.nodes().withName(NODE_A).get() != null
                && cluster.kube.nodes().withName(NODE_B).get() != null);
    }

    /** Whatever ran before: the cloud and both nodes up. */
    @BeforeEach
    void cloudAndNodesUp() throws Exception {
        if (!cluster.cloud().isAlive()) {
            cluster.startCloud();
        }
        if (!edgeA.process().isAlive()) {
            edgeA = cluster.startEdge(NODE_A);
        }
        if (!edgeB.process().isAlive()) {
            edgeB = cluster.startEdge(NODE_B);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (KedgeCluster.EdgeNode edge : new KedgeCluster.EdgeNode[] {edgeA, edgeB}) {
            if (edge != null) {
                edge.process().close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void podsWithTheirConfigMapAndSecretReachOnlyTheirNode() throws Exception {
        String ns = "plant-1";
        createReaders(ns);

        try (KubernetesClient metaA = edgeA.metaServer(); KubernetesClient metaB = edgeB.metaServer()) {
            // every pod of node A in any namespace, as the API holds them (other tests' pods too)
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(
                    keys(metaA.pods().inAnyNamespace().withField("spec.nodeName", NODE_A).list().getItems()))
                    .isEqualTo(keys(cluster.kube.pods().inAnyNamespace().list().getItems().stream()
                            .filter(pod -> NODE_A.equals(pod.getSpec().getNodeName())).toList()))
                    .contains(ns + "/reader-0", ns + "/reader-1", ns + "/reader-2"));
            assertThat(metaB.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(metaB.configMaps().inNamespace(ns).list().getItems()).isEmpty();
        }
    }

    @Test
    void updatesAndDeletesFollow() throws Exception {
        String ns = "plant-2";
        createReaders(ns);
        cluster.kube.configMaps().inNamespace(ns).withName("line-settings")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("speed", "43").build());
        cluster.kube.pods().inNamespace(ns).withName("reader-2").delete();

        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(metaA.configMaps().inNamespace(ns).withName("line-settings").get().getData())
                        .containsEntry("speed", "43");
                assertThat(names(metaA.pods().inNamespace(ns).list().getItems()))
                        .containsExactlyInAnyOrder("reader-0", "reader-1");
            });
            assertThat(metaA.configMaps().inNamespace(ns).withName("line-settings").get().getMetadata()
                    .getResourceVersion()).isEqualTo(cluster.kube.configMaps().inNamespace(ns)
                    .withName("line-settings").get().getMetadata().getResourceVersion());
        }
    }

    @Test
    void aTwoMebibyteConfigMapArrivesWhole() throws Exception {
        String ns = createNamespace("plant-3");
        String big = "x".repeat(2 * 1024 * 1024 - 1024);
        cluster.kube.configMaps().inNamespace(ns).resource(configMap("firmware-table", "table", big)).create();
        cluster.kube.pods().inNamespace(ns).resource(new PodBuilder(pod(ns, "flasher", NODE_A, false)).editSpec()
                .addNewVolume().withName("firmware").withNewConfigMap().withName("firmware-table").endConfigMap()
                .endVolume().endSpec().build()).create();

        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> assertThat(
                    metaA.configMaps().inNamespace(ns).withName("firmware-table").get().getData().get("table"))
                    .hasSize(big.length()));
        }
        cluster.kube.pods().inNamespace(ns).withName("flasher").delete();
        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(
                    metaA.configMaps().inNamespace(ns).withName("firmware-table").get()).as("no pod uses it").isNull());
        }
    }

    @Test
    void manyObjectsSurviveARestartWithoutTheCloud() throws Exception {
        String ns = createNamespace("plant-4");
        IntStream.range(0, BULK).parallel().forEach(i -> cluster.kube.pods().inNamespace(ns)
                .resource(pod(ns, "bulk-" + i, NODE_A, false)).create());
        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE.multipliedBy(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> metaA.pods().inNamespace(ns).list().getItems().size() == BULK);
        }

        cluster.cloud().kill();
        edgeA.process().kill();
        edgeA = cluster.startEdge(NODE_A);
        edgeA.process().awaitLog("MetaServer", KedgeCluster.START);

        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions()
                    .until(() -> metaA.pods().inNamespace(ns).list().getItems().size() == BULK);
            Set<String> replayed = ConcurrentHashMap.newKeySet();
            try (Watch watch = metaA.pods().inNamespace(ns).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    if (action == Action.ADDED) {
                        replayed.add(pod.getMetadata().getName());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                await().atMost(CONVERGE).until(() -> replayed.size() == BULK);
            }
        }
    }

    @Test
    void editsMadeWhileTheNodeWasOfflineConvergeWhenItReturns() throws Exception {
        String ns = createNamespace("plant-5");
        for (String name : new String[] {"reader-1", "bulk-0", "bulk-1"}) {
            cluster.kube.pods().inNamespace(ns).resource(pod(ns, name, NODE_A, false)).create();
        }
        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions()
                    .until(() -> metaA.pods().inNamespace(ns).list().getItems().size() == 3);
        }

        edgeA.process().kill();
        cluster.kube.pods().inNamespace(ns).withName("reader-1").delete();
        cluster.kube.pods().inNamespace(ns).withName("bulk-0").edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("edited", "offline").endMetadata().build());

        edgeA = cluster.startEdge(NODE_A);
        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
                assertThat(metaA.pods().inNamespace(ns).withName("reader-1").get()).isNull();
                assertThat(metaA.pods().inNamespace(ns).withName("bulk-0").get().getMetadata().getLabels())
                        .containsEntry("edited", "offline");
                assertThat(metaA.pods().inNamespace(ns).list().getItems()).hasSize(2);
            });
        }
    }

    private static String createNamespace(String ns) {
        cluster.kube.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName(ns).endMetadata().build()).create();
        return ns;
    }

    /** Three readers on node A with their configmap and secret, as node A holds them. */
    private static void createReaders(String ns) throws Exception {
        createNamespace(ns);
        cluster.kube.configMaps().inNamespace(ns).resource(configMap("line-settings", "speed", "42")).create();
        cluster.kube.secrets().inNamespace(ns).resource(secret("plc-credentials")).create();
        for (int i = 0; i < 3; i++) {
            cluster.kube.pods().inNamespace(ns).resource(pod(ns, "reader-" + i, NODE_A, true)).create();
        }
        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(names(metaA.pods().inNamespace(ns).list().getItems()))
                        .containsExactlyInAnyOrder("reader-0", "reader-1", "reader-2");
                assertThat(metaA.configMaps().inNamespace(ns).withName("line-settings").get()).isNotNull();
            });
        }
    }

    private static Set<String> names(java.util.List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
        return items.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }

    /** namespace/name of each object: names repeat across the tests' namespaces. */
    private static Set<String> keys(java.util.List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
        return items.stream().map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    private static ConfigMap configMap(String name, String key, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData(key, value).build();
    }

    private static Secret secret(String name) {
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToStringData("password", "s3cret").build();
    }

    /** A pod bound to {@code node}; readers mount the configmap and read the secret from env. */
    private static Pod pod(String ns, String name, String node, boolean usesConfig) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels("app", usesConfig ? "reader" : "bulk").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("busybox:1.36")
                .endContainer().endSpec();
        if (usesConfig) {
            pod.editSpec().addNewVolume().withName("settings").withNewConfigMap().withName("line-settings")
                    .endConfigMap().endVolume().editFirstContainer().addNewEnv().withName("PLC_PASSWORD")
                    .withNewValueFrom().withNewSecretKeyRef("password", "plc-credentials", false).endValueFrom()
                    .endEnv().endContainer().endSpec();
        }
        return pod.build();
    }

}
