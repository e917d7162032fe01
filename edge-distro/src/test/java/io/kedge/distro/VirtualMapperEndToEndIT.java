package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The device path end to end on real processes, as a user meets it: the virtual mapper jar dropped into
 * the node's DIR/deploy, a DeviceModel and a Device of protocol {@code virtual} applied through the API.
 * DMI binds the device to the mapper and the mapper's sine shows in the Device's {@code status.twins},
 * changing; a desired value set on the Device is written through the mapper and comes back reported; a
 * device whose configuration the mapper refuses shows it in its state and stops nothing else. Steps
 * build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualMapperEndToEndIT {
    private static final String NODE = "mapper-a";
    private static final String NS = "line-3";
    private static final String API_VERSION = "devices.kubeedge.io/v1beta1";
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private static KedgeCluster cluster;
    private static KedgeCluster.EdgeNode edge;

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("mapper");
        edge = cluster.startEdge(NODE);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        Files.copy(DeployFolderIT.virtualMapperJar(), edge.data().resolve("deploy/mapper-virtual.jar"));
        edge.process().awaitLog("serves protocol 'virtual'", CONVERGE);
        await().atMost(CONVERGE).until(() -> cluster.kube.nodes().withName(NODE).get() != null);
        apply(String.join("\n",
                "apiVersion: v1",
                "kind: Namespace",
                "metadata:",
                "  name: " + NS,
                "---",
                "apiVersion: " + API_VERSION,
                "kind: DeviceModel",
                "metadata:",
                "  name: oven",
                "  namespace: " + NS,
                "spec:",
                "  protocol: virtual",
                "  properties:",
                "  - name: temperature",
                "    type: FLOAT",
                "    accessMode: ReadOnly",
                "  - name: setpoint",
                "    type: INT",
                "    accessMode: ReadWrite",
                ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.process().close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theVirtualMappersSineReachesTheDeviceStatusAndKeepsChanging() {
        apply(ovenYaml("oven-1", "sine", "5"));

        String first = await().atMost(CONVERGE).ignoreExceptions().until(() -> reported("oven-1", "temperature"),
                value -> value != null);
        assertThat(Double.parseDouble(first)).isBetween(10.0, 30.0);
        await().atMost(CONVERGE).ignoreExceptions().until(() -> reported("oven-1", "temperature"),
                value -> value != null && !value.equals(first));
        assertThat(reported("oven-1", "setpoint")).isEqualTo("5");
        await().atMost(CONVERGE).ignoreExceptions().until(() -> "online".equals(state("oven-1")));
    }

    @Test
    @Order(2)
    void aDesiredValueIsWrittenThroughTheMapperAndReportedBack() {
        setDesired("oven-1", "42");

        await().atMost(CONVERGE).ignoreExceptions().until(() -> reported("oven-1", "setpoint"), "42"::equals);
    }

    @Test
    @Order(3)
    void aDeviceTheMapperRefusesShowsItInItsStateAndStopsNoOther() {
        apply(ovenYaml("oven-broken", "no-such-function", "1"));

        // BAD_CONFIG: DMI reports the device unknown and does not retry until the Device changes
        await().atMost(CONVERGE).ignoreExceptions().until(() -> state("oven-broken"), "unknown"::equals);
        assertThat(reported("oven-broken", "temperature")).isNull();
        String before = reported("oven-1", "temperature");
        await().atMost(CONVERGE).ignoreExceptions().until(() -> reported("oven-1", "temperature"),
                value -> value != null && !value.equals(before));
        assertThat(state("oven-1")).isEqualTo("online");
    }

    private static String ovenYaml(String name, String temperatureFunction, String setpoint) {
        return String.join("\n",
                "apiVersion: " + API_VERSION,
                "kind: Device",
                "metadata:",
                "  name: " + name,
                "  namespace: " + NS,
                "spec:",
                "  deviceModelRef:",
                "    name: oven",
                "  nodeName: " + NODE,
                "  protocol:",
                "    protocolName: virtual",
                "  properties:",
                "  - name: temperature",
                "    collectCycle: 200",
                "    reportCycle: 500",
                "    reportToCloud: true",
                "    visitors:",
                "      protocolName: virtual",
                "      configData:",
                "        function: " + temperatureFunction,
                "        amplitude: 10",
                "        offset: 20",
                "        periodMs: 3000",
                "  - name: setpoint",
                "    collectCycle: 200",
                "    reportCycle: 500",
                "    reportToCloud: true",
                "    desired:",
                "      value: \"" + setpoint + "\"",
                "    visitors:",
                "      protocolName: virtual",
                "      configData:",
                "        function: constant",
                "        value: 0",
                "");
    }

    /** Sets the desired value of one property as a user edits the Device. */
    @SuppressWarnings("unchecked")
    private static void setDesired(String device, String value) {
        cluster.kube.genericKubernetesResources(API_VERSION, "Device").inNamespace(NS).withName(device)
                .edit(object -> {
                    Map<String, Object> spec = (Map<String, Object>) object.getAdditionalProperties().get("spec");
                    for (Map<String, Object> property : (List<Map<String, Object>>) spec.get("properties")) {
                        if ("setpoint".equals(property.get("name"))) {
                            ((Map<String, Object>) property.get("desired")).put("value", value);
                        }
                    }
                    return object;
                });
    }

    /** status.twins[property].reported.value of a device, null when none. */
    @SuppressWarnings("unchecked")
    private static String reported(String device, String property) {
        Map<String, Object> status = status(device);
        if (status == null || status.get("twins") == null) {
            return null;
        }
        for (Map<String, Object> twin : (List<Map<String, Object>>) status.get("twins")) {
            if (property.equals(twin.get("propertyName")) && twin.get("reported") != null) {
                return String.valueOf(((Map<String, Object>) twin.get("reported")).get("value"));
            }
        }
        return null;
    }

    private static String state(String device) {
        Map<String, Object> status = status(device);
        return status == null || status.get("state") == null ? null : status.get("state").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(String device) {
        GenericKubernetesResource object = cluster.kube.genericKubernetesResources(API_VERSION, "Device")
                .inNamespace(NS).withName(device).get();
        return object == null ? null : (Map<String, Object>) object.getAdditionalProperties().get("status");
    }

    private static void apply(String yaml) {
        List<HasMetadata> items = cluster.kube.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items();
        items.forEach(item -> cluster.kube.resource(item).createOr(NonDeletingOperation::update));
    }
}
