package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
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
    private static final String API_VERSION = DeviceResources.API_VERSION;
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private static KedgeCluster cluster;
    private static KedgeCluster.EdgeNode edge;
    private static DeviceResources devices;

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("mapper");
        edge = cluster.startEdge(NODE);
        devices = new DeviceResources(cluster.kube, NS);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        Files.copy(DeployFolderIT.virtualMapperJar(), edge.data().resolve("deploy/mapper-virtual.jar"));
        edge.process().awaitLog("serves protocol 'virtual'", CONVERGE);
        await().atMost(CONVERGE).until(() -> cluster.kube.nodes().withName(NODE).get() != null);
        devices.apply(String.join("\n",
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
        devices.apply(ovenYaml("oven-1", "sine", "5"));

        String first = await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.reported("oven-1", "temperature"),
                value -> value != null);
        assertThat(Double.parseDouble(first)).isBetween(10.0, 30.0);
        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.reported("oven-1", "temperature"),
                value -> value != null && !value.equals(first));
        assertThat(devices.reported("oven-1", "setpoint")).isEqualTo("5");
        await().atMost(CONVERGE).ignoreExceptions().until(() -> "online".equals(devices.state("oven-1")));
    }

    @Test
    @Order(2)
    void aDesiredValueIsWrittenThroughTheMapperAndReportedBack() {
        devices.setDesired("oven-1", "setpoint", "42");

        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.reported("oven-1", "setpoint"), "42"::equals);
    }

    @Test
    @Order(3)
    void aDeviceTheMapperRefusesShowsItInItsStateAndStopsNoOther() {
        devices.apply(ovenYaml("oven-broken", "no-such-function", "1"));

        // BAD_CONFIG: DMI reports the device unknown and does not retry until the Device changes
        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.state("oven-broken"), "unknown"::equals);
        assertThat(devices.reported("oven-broken", "temperature")).isNull();
        String before = devices.reported("oven-1", "temperature");
        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.reported("oven-1", "temperature"),
                value -> value != null && !value.equals(before));
        assertThat(devices.state("oven-1")).isEqualTo("online");
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
}
