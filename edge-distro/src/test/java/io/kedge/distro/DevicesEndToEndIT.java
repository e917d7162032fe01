package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A DeviceModel and a Device applied as a user would (YAML through the Kubernetes client, against the
 * API whose CRDs are those of cloud-app/deploy/) reach the node they are bound to: kept in its SQLite
 * cache, served by its MetaServer, also after a restart without the cloud. Real processes; the steps
 * build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevicesEndToEndIT {
    private static final String NODE = "devices-a";
    private static final String OTHER = "devices-b";
    private static final String NS = "plant-7";
    private static final String API_VERSION = "devices.kubeedge.io/v1beta1";
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private static KedgeCluster cluster;
    private static KedgeCluster.EdgeNode edge;
    private static KedgeCluster.EdgeNode other;
    private static DeviceResources devices;

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("devices");
        devices = new DeviceResources(cluster.kube, NS);
        edge = cluster.startEdge(NODE);
        other = cluster.startEdge(OTHER);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        other.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        await().atMost(CONVERGE).until(() -> cluster.kube.nodes().withName(NODE).get() != null
                && cluster.kube.nodes().withName(OTHER).get() != null);
    }

    @AfterAll
    static void stop() throws Exception {
        for (KedgeCluster.EdgeNode node : new KedgeCluster.EdgeNode[] {edge, other}) {
            if (node != null) {
                node.process().close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void anAppliedModelAndDeviceReachTheBoundNodesCacheOnly() throws Exception {
        devices.apply(String.join("\n",
                "apiVersion: v1",
                "kind: Namespace",
                "metadata:",
                "  name: " + NS,
                "---",
                "apiVersion: " + API_VERSION,
                "kind: DeviceModel",
                "metadata:",
                "  name: thermometer",
                "  namespace: " + NS,
                "spec:",
                "  protocol: virtual",
                "  properties:",
                "  - name: temperature",
                "    type: FLOAT",
                "    accessMode: ReadWrite",
                "    minimum: \"-40\"",
                "    maximum: \"120\"",
                "    unit: celsius",
                "---",
                "apiVersion: " + API_VERSION,
                "kind: Device",
                "metadata:",
                "  name: thermo-1",
                "  namespace: " + NS,
                "spec:",
                "  deviceModelRef:",
                "    name: thermometer",
                "  nodeName: " + NODE,
                "  protocol:",
                "    protocolName: virtual",
                "  properties:",
                "  - name: temperature",
                "    desired:",
                "      value: \"20\"",
                "    reportCycle: 10000",
                "    visitors:",
                "      protocolName: virtual",
                "      configData:",
                "        dataType: float",
                ""));

        try (KubernetesClient meta = edge.metaServer(); KubernetesClient otherMeta = other.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
                assertThat(device(meta).getMetadata().getResourceVersion()).isEqualTo(
                        device(cluster.kube).getMetadata().getResourceVersion());
                assertThat(model(meta)).isNotNull();
            });
            assertThat(desired(device(meta))).isEqualTo("20");
            assertThat(spec(device(meta)).get("properties").toString()).contains("dataType=float");
            assertThat(otherMeta.genericKubernetesResources(API_VERSION, "Device").inAnyNamespace().list().getItems())
                    .isEmpty();
            assertThat(otherMeta.genericKubernetesResources(API_VERSION, "DeviceModel").inAnyNamespace().list()
                    .getItems()).isEmpty();
        }
    }

    @Test
    @Order(2)
    void aDesiredValueSetInTheApiReachesTheNode() throws Exception {
        devices.apply(String.join("\n",
                "apiVersion: " + API_VERSION,
                "kind: Device",
                "metadata:",
                "  name: thermo-1",
                "  namespace: " + NS,
                "spec:",
                "  deviceModelRef:",
                "    name: thermometer",
                "  nodeName: " + NODE,
                "  protocol:",
                "    protocolName: virtual",
                "  properties:",
                "  - name: temperature",
                "    desired:",
                "      value: \"23.5\"",
                "    reportCycle: 10000",
                "    visitors:",
                "      protocolName: virtual",
                "      configData:",
                "        dataType: float",
                ""));
        try (KubernetesClient meta = edge.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions()
                    .untilAsserted(() -> assertThat(desired(device(meta))).isEqualTo("23.5"));
        }
    }

    @Test
    @Order(3)
    void theNodeServesItsDevicesAfterARestartWithoutTheCloud() throws Exception {
        cluster.cloud().kill();
        edge.process().kill();
        edge = cluster.startEdge(NODE);
        edge.process().awaitLog("MetaServer", KedgeCluster.START);

        try (KubernetesClient meta = edge.metaServer()) {
            await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
                assertThat(desired(device(meta))).isEqualTo("23.5");
                assertThat(model(meta)).isNotNull();
            });
        }
    }


    private static GenericKubernetesResource device(KubernetesClient client) {
        return client.genericKubernetesResources(API_VERSION, "Device").inNamespace(NS).withName("thermo-1").get();
    }

    private static GenericKubernetesResource model(KubernetesClient client) {
        return client.genericKubernetesResources(API_VERSION, "DeviceModel").inNamespace(NS).withName("thermometer")
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource device) {
        return (Map<String, Object>) device.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static String desired(GenericKubernetesResource device) {
        List<Map<String, Object>> properties = (List<Map<String, Object>>) spec(device).get("properties");
        return String.valueOf(((Map<String, Object>) properties.get(0).get("desired")).get("value"));
    }
}
