package io.kedge.mapper.modbus;

import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.MapperException.Reason;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The mapper against a real Modbus TCP device: j2mod's slave on a loopback port. */
class ModbusMapperTest {
    private final ModbusMapper mapper = new ModbusMapper();
    private ModbusTestServer server;
    private DeviceConnection connection;

    @BeforeEach
    void start() throws Exception {
        server = ModbusTestServer.started();
        connection = mapper.connect(device(endpoint(server.port())));
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        server.close();
    }

    @Test
    void readsAHoldingRegisterAsASignedScaledNumber() throws Exception {
        server.setHolding(3, 215);
        server.setHolding(4, 0xFF38); // -200

        assertThat(read(ValueType.FLOAT, visitor("HoldingRegister", 3, "scale", 0.1, "limit", 1))).isEqualTo("21.5");
        assertThat(read(ValueType.INT, visitor("HoldingRegister", 4))).isEqualTo("-200");
        assertThat(read(ValueType.INT, visitor("HoldingRegister", 4, "signed", false))).isEqualTo("65336");
        assertThat(read(ValueType.DOUBLE, visitor("HoldingRegister", 4, "limit", 1, "scale", 0.5))).isEqualTo("-100");
    }

    @ParameterizedTest(name = "isSwap={0} isRegisterSwap={1}")
    @CsvSource({"false,false,0x1234,0x5678", "false,true,0x5678,0x1234", "true,false,0x3412,0x7856", "true,true,0x7856,0x3412"})
    void readsA32BitInputRegisterPairInTheVisitorsByteAndWordOrder(boolean isSwap, boolean isRegisterSwap, String first, String second)
            throws Exception {
        server.setInput(10, Integer.decode(first), Integer.decode(second));

        assertThat(read(ValueType.INT, visitor("InputRegister", 10, "limit", 2, "isSwap", isSwap, "isRegisterSwap", isRegisterSwap)))
                .isEqualTo(String.valueOf(0x12345678));
    }

    @Test
    void readsIeeeFloatsAndDoublesWithScale() throws Exception {
        int bits = Float.floatToIntBits(21.5f);
        server.setInput(20, bits >>> 16, bits & 0xFFFF);
        long wide = Double.doubleToLongBits(-1234.5678);
        server.setHolding(30, (int) (wide >>> 48) & 0xFFFF, (int) (wide >>> 32) & 0xFFFF, (int) (wide >>> 16) & 0xFFFF, (int) wide & 0xFFFF);

        assertThat(read(ValueType.FLOAT, visitor("InputRegister", 20))).isEqualTo("21.5");
        assertThat(read(ValueType.FLOAT, visitor("InputRegister", 20, "scale", 2))).isEqualTo("43");
        assertThat(read(ValueType.DOUBLE, visitor("HoldingRegister", 30))).isEqualTo("-1234.5678");
    }

    @Test
    void readsCoilsDiscreteInputsBooleansAndText() throws Exception {
        server.setCoil(5, true);
        server.setDiscreteInput(6, true);
        server.setHolding(40, 'O' << 8 | 'K', 0);
        server.setHolding(42, 7);

        assertThat(read(ValueType.BOOLEAN, visitor("CoilRegister", 5))).isEqualTo("true");
        assertThat(read(ValueType.BOOLEAN, visitor("CoilRegister", 4))).isEqualTo("false");
        assertThat(read(ValueType.INT, visitor("DiscreteInputRegister", 6))).isEqualTo("1");
        assertThat(read(ValueType.BOOLEAN, visitor("discreteinputregister", 7))).isEqualTo("false");
        assertThat(read(ValueType.STRING, visitor("HoldingRegister", 40, "limit", 2))).isEqualTo("OK");
        assertThat(read(ValueType.BOOLEAN, visitor("HoldingRegister", 42))).isEqualTo("true");
        assertThat(read(ValueType.BYTES, visitor("HoldingRegister", 40, "limit", 2))).isEqualTo("4f4b0000");
    }

    @Test
    void writesLandInTheDevicesRegisters() throws Exception {
        write(ValueType.INT, visitor("HoldingRegister", 1), "-2");
        write(ValueType.FLOAT, visitor("HoldingRegister", 2, "limit", 1, "scale", 0.1), "21.5");
        write(ValueType.INT, visitor("HoldingRegister", 3, "limit", 2, "isRegisterSwap", true), String.valueOf(0x12345678));
        write(ValueType.FLOAT, visitor("HoldingRegister", 5, "isSwap", true), "21.5");
        write(ValueType.STRING, visitor("HoldingRegister", 7, "limit", 2), "abc");
        write(ValueType.BOOLEAN, visitor("CoilRegister", 8), "true");
        write(ValueType.INT, visitor("CoilRegister", 9), "1");

        assertThat(server.holding(1)).isEqualTo(0xFFFE);
        assertThat(server.holding(2)).isEqualTo(215);
        assertThat(List.of(server.holding(3), server.holding(4))).containsExactly(0x5678, 0x1234);
        int bits = Float.floatToIntBits(21.5f);
        assertThat(List.of(server.holding(5), server.holding(6)))
                .containsExactly(Integer.reverseBytes(bits >>> 16) >>> 16, Integer.reverseBytes(bits & 0xFFFF) >>> 16);
        assertThat(List.of(server.holding(7), server.holding(8))).containsExactly('a' << 8 | 'b', 'c' << 8);
        assertThat(server.coil(8)).isTrue();
        assertThat(server.coil(9)).isTrue();

        write(ValueType.BOOLEAN, visitor("CoilRegister", 8), "false");
        assertThat(server.coil(8)).isFalse();
        assertThat(read(ValueType.INT, visitor("HoldingRegister", 3, "limit", 2, "isRegisterSwap", true))).isEqualTo(String.valueOf(0x12345678));
    }

    @Test
    void writingWhatModbusOrTheModelKeepsReadOnlyIsUnsupported() {
        assertThat(failure(() -> write(ValueType.INT, visitor("InputRegister", 1), "5")))
                .returns(Reason.UNSUPPORTED, MapperException::reason)
                .hasMessageContaining("InputRegister 1");
        assertThat(failure(() -> write(ValueType.BOOLEAN, visitor("DiscreteInputRegister", 1), "true")).reason())
                .isEqualTo(Reason.UNSUPPORTED);
        assertThat(failure(() -> connection.write(property(ValueType.INT, false, visitor("HoldingRegister", 1)), "5")))
                .returns(Reason.UNSUPPORTED, MapperException::reason)
                .hasMessageContaining("read-only in its model");
        assertThat(server.holding(1)).isZero();
    }

    @Test
    void aValueThatDoesNotFitIsABadValueAndLeavesTheRegisterAlone() throws Exception {
        server.setHolding(1, 42);

        assertThat(failure(() -> write(ValueType.INT, visitor("HoldingRegister", 1), "70000")))
                .returns(Reason.BAD_VALUE, MapperException::reason)
                .hasMessageContaining("signed 16-bit");
        assertThat(failure(() -> write(ValueType.INT, visitor("HoldingRegister", 1, "signed", false), "-1")).reason())
                .isEqualTo(Reason.BAD_VALUE);
        assertThat(failure(() -> write(ValueType.FLOAT, visitor("HoldingRegister", 1, "limit", 1, "scale", 0.01), "400")).reason())
                .isEqualTo(Reason.BAD_VALUE);
        assertThat(failure(() -> write(ValueType.INT, visitor("HoldingRegister", 1), "twelve")).getMessage()).contains("not a number");
        assertThat(failure(() -> write(ValueType.INT, visitor("HoldingRegister", 1), "1e999999999")).reason()).isEqualTo(Reason.BAD_VALUE);
        assertThat(failure(() -> write(ValueType.FLOAT, visitor("HoldingRegister", 1), "1e39")).reason()).isEqualTo(Reason.BAD_VALUE);
        assertThat(failure(() -> write(ValueType.STRING, visitor("HoldingRegister", 1), "abc")).reason()).isEqualTo(Reason.BAD_VALUE);
        assertThat(failure(() -> write(ValueType.BOOLEAN, visitor("CoilRegister", 1), "maybe")).reason()).isEqualTo(Reason.BAD_VALUE);
        assertThat(server.holding(1)).isEqualTo(42);
        assertThat(server.coil(1)).isFalse();
    }

    @Test
    void badVisitorsAreBadConfigNamingTheKey() {
        assertBadConfig(ValueType.INT, Map.of("register", "HoldingRegister"), "offset is required");
        assertBadConfig(ValueType.INT, visitor("HoldingRegister", -1), "offset must be between 0 and 65535");
        assertBadConfig(ValueType.INT, visitor("Fancy", 1), "register must be one of CoilRegister");
        assertBadConfig(ValueType.INT, Map.of("offset", 1), "register is required");
        assertBadConfig(ValueType.FLOAT, visitor("CoilRegister", 1), "holds one bit");
        assertBadConfig(ValueType.BOOLEAN, visitor("CoilRegister", 1, "limit", 2), "limit must be 1");
        assertBadConfig(ValueType.INT, visitor("HoldingRegister", 1, "limit", 3), "limit must be 1, 2 or 4");
        assertBadConfig(ValueType.INT, visitor("HoldingRegister", 1, "limit", 126), "limit must be between 0 and 125");
        assertBadConfig(ValueType.INT, visitor("HoldingRegister", 65_535, "limit", 2), "run past the last address");
        assertBadConfig(ValueType.INT, visitor("HoldingRegister", 1, "isSwap", "sometimes"), "isSwap must be true or false");
        assertBadConfig(ValueType.INT, visitor("HoldingRegister", 1, "scale", "big"), "scale must be a number");
    }

    @Test
    void anAddressTheDeviceDoesNotHaveIsBadConfigAndTheConnectionStaysUsable() throws Exception {
        server.setHolding(0, 9);

        assertThat(failure(() -> read(ValueType.INT, visitor("HoldingRegister", ModbusTestServer.SIZE - 1, "limit", 2))))
                .returns(Reason.BAD_CONFIG, MapperException::reason)
                .hasMessageContaining("HoldingRegister 99..100");
        assertThat(read(ValueType.INT, visitor("HoldingRegister", 0))).isEqualTo("9");
    }

    @Test
    void badDeviceConfigDataIsBadConfig() {
        assertThat(connectFailure(Map.of("port", server.port()))).returns(Reason.BAD_CONFIG, MapperException::reason)
                .hasMessageContaining("ip is required");
        assertThat(connectFailure(Map.of("ip", "127.0.0.1", "port", 70_000))).hasMessageContaining("port must be between 1 and 65535");
        assertThat(connectFailure(Map.of("ip", "127.0.0.1", "port", server.port(), "slaveID", 300)))
                .hasMessageContaining("slaveID must be between 0 and 255");
        assertThat(connectFailure(Map.of("ip", " ", "port", server.port()))).hasMessageContaining("ip must not be empty");
    }

    @Test
    void readsThroughKubeEdgesOtherConfigShapes() throws Exception {
        server.setHolding(0, 12);
        Map<String, Object> nested = Map.of("tcp", Map.of("ip", "127.0.0.1", "port", server.port()), "slaveID", ModbusTestServer.UNIT);
        Map<String, Object> host = Map.of("host", "localhost", "port", String.valueOf(server.port()), "unitId", ModbusTestServer.UNIT);

        for (Map<String, Object> config : List.of(nested, host)) {
            try (DeviceConnection other = mapper.connect(device(config))) {
                assertThat(other.read(property(ValueType.INT, true, visitor("HoldingRegister", 0))).value()).isEqualTo("12");
            }
        }
    }

    @Test
    void aClosedPortIsUnreachableAtConnect() throws Exception {
        int closed = ModbusTestServer.freePort();

        assertThat(connectFailure(endpoint(closed)))
                .returns(Reason.UNREACHABLE, MapperException::reason)
                .hasMessageContaining("unreachable")
                .hasMessageContaining("127.0.0.1:" + closed);
    }

    @Test
    void aDeviceThatAcceptsButNeverAnswersIsUnreachableAfterItsTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Map<String, Object> config = new LinkedHashMap<>(endpoint(silent.getLocalPort()));
            config.put("timeout", 300);
            try (DeviceConnection mute = mapper.connect(device(config))) {
                assertThat(failure(() -> mute.read(property(ValueType.INT, true, visitor("HoldingRegister", 0)))))
                        .returns(Reason.UNREACHABLE, MapperException::reason)
                        .hasMessageContaining("timed out");
            }
        }
    }

    @Test
    void closingEndsARequestThatWaitsForAnAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Map<String, Object> config = new LinkedHashMap<>(endpoint(silent.getLocalPort()));
            config.put("timeout", 60_000);
            DeviceConnection mute = mapper.connect(device(config));
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return mute.read(property(ValueType.INT, true, visitor("HoldingRegister", 0))).value();
                } catch (MapperException e) {
                    throw new CompletionException(e);
                }
            });
            try (Socket device = silent.accept()) {
                assertThat(device.getInputStream().read()).as("first byte of the request").isNotNegative();

                mute.close();

                await().atMost(Duration.ofSeconds(30)).until(read::isDone);
                assertThat(read).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(MapperException.class).withMessageContaining("was closed");
            }
        }
    }

    @Test
    void aDeviceThatGoesAwayIsUnreachableAndIsReadAgainWhenItComesBack() throws Exception {
        server.setHolding(0, 1);
        PropertySpec counter = property(ValueType.INT, true, visitor("HoldingRegister", 0));
        assertThat(connection.read(counter).value()).isEqualTo("1");

        server.stop();
        assertThat(failure(() -> connection.read(counter)))
                .returns(Reason.UNREACHABLE, MapperException::reason)
                .hasMessageContaining("127.0.0.1:" + server.port());
        assertThat(failure(() -> connection.read(counter)).reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(connectFailure(endpoint(server.port())).reason()).isEqualTo(Reason.UNREACHABLE);

        server.setHolding(0, 2);
        server.start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> connection.read(counter).value().equals("2"));
        connection.write(counter, "3");
        assertThat(server.holding(0)).isEqualTo(3);
        try (DeviceConnection fresh = mapper.connect(device(endpoint(server.port())))) {
            assertThat(fresh.read(counter).value()).isEqualTo("3");
        }
    }

    @Test
    void aClosedConnectionNoLongerReaches() {
        connection.close();

        assertThat(failure(() -> read(ValueType.INT, visitor("HoldingRegister", 0))))
                .returns(Reason.UNREACHABLE, MapperException::reason)
                .hasMessageContaining("closed");
        connection = null;
    }

    private String read(ValueType type, Map<String, ?> visitor) throws MapperException {
        return connection.read(property(type, true, visitor)).value();
    }

    private void write(ValueType type, Map<String, ?> visitor, String value) throws MapperException {
        connection.write(property(type, true, visitor), value);
    }

    private void assertBadConfig(ValueType type, Map<String, ?> visitor, String message) {
        assertThat(failure(() -> read(type, visitor)))
                .returns(Reason.BAD_CONFIG, MapperException::reason)
                .hasMessageContaining(message);
        assertThat(failure(() -> write(type, visitor, "1")).reason()).isEqualTo(Reason.BAD_CONFIG);
    }

    private MapperException connectFailure(Map<String, ?> config) {
        return failure(() -> mapper.connect(device(config)).close());
    }

    static MapperException failure(Action action) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(action::run);
        assertThat(thrown).isInstanceOf(MapperException.class);
        return (MapperException) thrown;
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    static Map<String, Object> endpoint(int port) {
        return Map.of("ip", "127.0.0.1", "port", port, "slaveID", ModbusTestServer.UNIT, "timeout", 2_000);
    }

    static DeviceSpec device(Map<String, ?> config) {
        return new DeviceSpec("default/meter", ModbusMapper.PROTOCOL, ConfigData.of(config), List.of());
    }

    static PropertySpec property(ValueType type, boolean writable, Map<String, ?> visitor) {
        return new PropertySpec("value", type, writable, ConfigData.of(visitor), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /** A visitor of {@code register} at {@code offset} with further keys and values in pairs. */
    static Map<String, Object> visitor(String register, int offset, Object... more) {
        Map<String, Object> visitor = new LinkedHashMap<>();
        visitor.put("register", register);
        visitor.put("offset", offset);
        for (int i = 0; i < more.length; i += 2) {
            visitor.put((String) more[i], more[i + 1]);
        }
        return visitor;
    }
}
