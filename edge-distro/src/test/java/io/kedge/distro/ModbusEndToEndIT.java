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
 * Modbus end to end on real parts, as a user meets it: a real Modbus TCP device (j2mod's slave in this
 * JVM, on loopback), the Modbus mapper jar dropped into the node's DIR/deploy, a DeviceModel and Devices
 * of protocol {@code modbus} applied through the API as YAML. A holding register's scaled value shows in
 * the Device's {@code status.twins} and follows the device; a desired value set on the Device lands in
 * the device's register; a Device at a closed port shows offline and a property whose visitor names no
 * register type shows unknown, while the good device keeps reporting. Steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModbusEndToEndIT {
    private static final String NODE = "modbus-a";
    private static final String NS = "plant-7";
    private static final String API_VERSION = DeviceResources.API_VERSION;
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    /** Where the meter keeps its temperature (tenths of a degree) and its setpoint. */
    private static final int TEMPERATURE = 2;
    private static final int SETPOINT = 10;

    private static ModbusTcpDevice device;
    /** The port meter-gone names, where nothing listens until the last step. */
    private static int closedPort;
    private static KedgeCluster cluster;
    private static KedgeCluster.EdgeNode edge;
    private static DeviceResources devices;

    @BeforeAll
    static void start() throws Exception {
        device = ModbusTcpDevice.started();
        device.setHolding(TEMPERATURE, 215);
        cluster = KedgeCluster.start("modbus");
        edge = cluster.startEdge(NODE);
        devices = new DeviceResources(cluster.kube, NS);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        Files.copy(DeployFolderIT.mapperJar("modbus"), edge.data().resolve("deploy/mapper-modbus.jar"));
        edge.process().awaitLog("Mapper for protocol modbus from io.kedge.mapper.modbus", CONVERGE);
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
                "  name: meter",
                "  namespace: " + NS,
                "spec:",
                "  protocol: modbus",
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
        if (device != null) {
            device.close();
        }
    }

    @Test
    @Order(1)
    void theHoldingRegistersScaledValueReachesTheDeviceStatus() {
        devices.apply(meterYaml("meter-1", device.port(), "HoldingRegister", "5"));

        awaitTemperature("meter-1", 21.5);
        await().atMost(CONVERGE).ignoreExceptions().until(() -> "online".equals(devices.state("meter-1")));
        // the desired value in the applied Device was written into the device and is read back
        await().atMost(CONVERGE).until(() -> device.holding(SETPOINT) == 5);
        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.reported("meter-1", "setpoint"), "5"::equals);
    }

    @Test
    @Order(2)
    void aRegisterChangedInTheDeviceIsReported() {
        device.setHolding(TEMPERATURE, 0xFF9C); // -100 in two's complement: -10.0 degrees

        awaitTemperature("meter-1", -10.0);
    }

    @Test
    @Order(3)
    void aDesiredValueSetOnTheDeviceIsWrittenIntoTheRegister() {
        devices.setDesired("meter-1", "setpoint", "42");

        await().atMost(CONVERGE).until(() -> device.holding(SETPOINT) == 42);
        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.reported("meter-1", "setpoint"), "42"::equals);
    }

    @Test
    @Order(4)
    void aDeviceAtAClosedPortShowsOfflineWhileTheGoodOneKeepsReporting() throws Exception {
        closedPort = KedgeProcess.freePort();
        devices.apply(meterYaml("meter-gone", closedPort, "HoldingRegister", null));

        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.state("meter-gone"), "offline"::equals);
        edge.process().awaitLog("Device " + NS + "/meter-gone is offline: Modbus device 127.0.0.1:" + closedPort
                + " unit 1 unreachable: cannot connect", CONVERGE);
        assertThat(devices.reported("meter-gone", "temperature")).isNull();
        device.setHolding(TEMPERATURE, 230);
        awaitTemperature("meter-1", 23.0);
        assertThat(devices.state("meter-1")).isEqualTo("online");
    }

    @Test
    @Order(5)
    void aPropertyWithAnUnknownRegisterTypeShowsUnknownAndTheNodeKeepsRunning() throws Exception {
        devices.apply(meterYaml("meter-miswired", device.port(), "FlashRegister", null));

        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.state("meter-miswired"), "unknown"::equals);
        edge.process().awaitLog("Device " + NS + "/meter-miswired is unknown: read of temperature: "
                + "configData.register must be one of", CONVERGE);
        assertThat(devices.reported("meter-miswired", "temperature")).isNull();
        device.setHolding(TEMPERATURE, 250);
        awaitTemperature("meter-1", 25.0);
        assertThat(devices.state("meter-1")).isEqualTo("online");
        assertThat(devices.state("meter-gone")).isEqualTo("offline");
        assertThat(edge.process().isAlive()).isTrue();
    }

    @Test
    @Order(6)
    void theOfflineMeterIsReadOnceADeviceListensAtItsPort() throws Exception {
        try (ModbusTcpDevice late = ModbusTcpDevice.startedOn(closedPort)) {
            late.setHolding(TEMPERATURE, 199);

            awaitTemperature("meter-gone", 19.9);
            await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.state("meter-gone"), "online"::equals);
        }
    }

    private static void awaitTemperature(String name, double expected) {
        await().atMost(CONVERGE).ignoreExceptions().until(() -> devices.reported(name, "temperature"),
                value -> value != null && Double.parseDouble(value) == expected);
    }

    /**
     * A meter at {@code port} on loopback: temperature in one holding register in tenths of a degree;
     * with a {@code setpoint} desired value, also the writable setpoint register.
     */
    private static String meterYaml(String name, int port, String temperatureRegister, String setpoint) {
        StringBuilder yaml = new StringBuilder(String.join("\n",
                "apiVersion: " + API_VERSION,
                "kind: Device",
                "metadata:",
                "  name: " + name,
                "  namespace: " + NS,
                "spec:",
                "  deviceModelRef:",
                "    name: meter",
                "  nodeName: " + NODE,
                "  protocol:",
                "    protocolName: modbus",
                "    configData:",
                "      ip: 127.0.0.1",
                "      port: " + port,
                "      slaveID: " + ModbusTcpDevice.UNIT,
                "      timeout: 2000",
                "  properties:",
                "  - name: temperature",
                "    collectCycle: 200",
                "    reportCycle: 500",
                "    reportToCloud: true",
                "    visitors:",
                "      protocolName: modbus",
                "      configData:",
                "        register: " + temperatureRegister,
                "        offset: " + TEMPERATURE,
                "        limit: 1",
                "        scale: 0.1",
                ""));
        if (setpoint != null) {
            yaml.append(String.join("\n",
                    "  - name: setpoint",
                    "    collectCycle: 200",
                    "    reportCycle: 500",
                    "    reportToCloud: true",
                    "    desired:",
                    "      value: \"" + setpoint + "\"",
                    "    visitors:",
                    "      protocolName: modbus",
                    "      configData:",
                    "        register: HoldingRegister",
                    "        offset: " + SETPOINT,
                    ""));
        }
        return yaml.toString();
    }
}
