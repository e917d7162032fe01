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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kubernetes objects reach the right edge node, are kept in its SQLite store and are served by its
 * MetaServer, also while the cloud is away. Real processes; the steps build on each other.
 * {@code -Dkedge.e2e.objects} sets the bulk count (CI: 300; {@code ./kedge test --full}: 2,000).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeObjectsEndToEndIT {
    private static final String NODE_A = "objects-a";
    private static final String NODE_B = "objects-b";
    private static final String NS = "plant-3";
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
    @Order(1)
    void podsWithTheirConfigMapAndSecretReachOnlyTheirNode() throws Exception {
        cluster.kube.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName(NS).endMetadata().build()).create();
        cluster.kube.configMaps().inNamespace(NS).resource(configMap("line-settings", "speed", "42")).create();
        cluster.kube.secrets().inNamespace(NS).resource(secret("plc-credentials")).create();
        for (int i = 0; i < 3; i++) {
            cluster.kube.pods().inNamespace(NS).resource(pod("reader-" + i, NODE_A, true)).create();
        }

        try (KubernetesClient metaA = edgeA.metaServer(); KubernetesClient metaB = edgeB.metaServer()) {
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(names(metaA.pods().inNamespace(NS).list().getItems()))
                        .containsExactlyInAnyOrder("reader-0", "reader-1", "reader-2");
                assertThat(metaA.configMaps().inNamespace(NS).withName("line-settings").get()).isNotNull();
            });
            assertThat(metaA.pods().inAnyNamespace().withField("spec.nodeName", NODE_A).list().getItems()).hasSize(3);
            assertThat(metaB.pods().inNamespace(NS).list().getItems()).isEmpty();
            assertThat(metaB.configMaps().inNamespace(NS).list().getItems()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void updatesAndDeletesFollow() throws Exception {
        cluster.kube.configMaps().inNamespace(NS).withName("line-settings")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("speed", "43").build());
        cluster.kube.pods().inNamespace(NS).withName("reader-2").delete();

        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(metaA.configMaps().inNamespace(NS).withName("line-settings").get().getData())
                        .containsEntry("speed", "43");
                assertThat(names(metaA.pods().inNamespace(NS).list().getItems()))
                        .containsExactlyInAnyOrder("reader-0", "reader-1");
            });
            assertThat(metaA.configMaps().inNamespace(NS).withName("line-settings").get().getMetadata()
                    .getResourceVersion()).isEqualTo(cluster.kube.configMaps().inNamespace(NS)
                    .withName("line-settings").get().getMetadata().getResourceVersion());
        }
    }

    @Test
    @Order(3)
    void aTwoMebibyteConfigMapArrivesWhole() throws Exception {
        String big = "x".repeat(2 * 1024 * 1024 - 1024);
        cluster.kube.configMaps().inNamespace(NS).resource(configMap("firmware-table", "table", big)).create();
        cluster.kube.pods().inNamespace(NS).resource(new PodBuilder(pod("flasher", NODE_A, false)).editSpec()
                .addNewVolume().withName("firmware").withNewConfigMap().withName("firmware-table").endConfigMap()
                .endVolume().endSpec().build()).create();

        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> assertThat(
                    metaA.configMaps().inNamespace(NS).withName("firmware-table").get().getData().get("table"))
                    .hasSize(big.length()));
        }
        cluster.kube.pods().inNamespace(NS).withName("flasher").delete();
        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(
                    metaA.configMaps().inNamespace(NS).withName("firmware-table").get()).as("no pod uses it").isNull());
        }
    }

    @Test
    @Order(4)
    void manyObjectsSurviveARestartWithoutTheCloud() throws Exception {
        IntStream.range(0, BULK).parallel().forEach(i -> cluster.kube.pods().inNamespace(NS)
                .resource(pod("bulk-" + i, NODE_A, false)).create());
        int expected = BULK + 2;
        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE.multipliedBy(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> metaA.pods().inNamespace(NS).list().getItems().size() == expected);
        }

        cluster.cloud().kill();
        edgeA.process().kill();
        edgeA = cluster.startEdge(NODE_A);
        edgeA.process().awaitLog("MetaServer", KedgeCluster.START);

        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions()
                    .until(() -> metaA.pods().inNamespace(NS).list().getItems().size() == expected);
            Set<String> replayed = ConcurrentHashMap.newKeySet();
            try (Watch watch = metaA.pods().inNamespace(NS).watch(new Watcher<>() {
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
                await().atMost(CONVERGE).until(() -> replayed.size() == expected);
            }
        }
    }

    @Test
    @Order(5)
    void editsMadeWhileTheNodeWasOfflineConvergeWhenItReturns() throws Exception {
        edgeA.process().kill();
        cluster.startCloud();
        cluster.kube.pods().inNamespace(NS).withName("reader-1").delete();
        cluster.kube.pods().inNamespace(NS).withName("bulk-0").edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("edited", "offline").endMetadata().build());
        int expected = BULK + 1;

        edgeA = cluster.startEdge(NODE_A);
        try (KubernetesClient metaA = edgeA.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
                assertThat(metaA.pods().inNamespace(NS).withName("reader-1").get()).isNull();
                assertThat(metaA.pods().inNamespace(NS).withName("bulk-0").get().getMetadata().getLabels())
                        .containsEntry("edited", "offline");
                assertThat(metaA.pods().inNamespace(NS).list().getItems()).hasSize(expected);
            });
        }
    }

    private static Set<String> names(java.util.List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
        return items.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static ConfigMap configMap(String name, String key, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData(key, value).build();
    }

    private static Secret secret(String name) {
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToStringData("password", "s3cret").build();
    }

    /** A pod bound to {@code node}; readers mount the configmap and read the secret from env. */
    private static Pod pod(String name, String node, boolean usesConfig) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
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
