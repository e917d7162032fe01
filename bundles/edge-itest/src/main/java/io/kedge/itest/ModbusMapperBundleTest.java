package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.ValueType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The Modbus mapper bundle, with j2mod embedded privately, resolves in Felix against the node's
 * bundles only, registers its mapper for protocol {@code modbus}, and its embedded library reads a
 * holding register from a device on loopback (a minimal Modbus TCP responder: function 3 only).
 */
class ModbusMapperBundleTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(filter = "(" + DeviceMapper.PROTOCOL + "=modbus)", timeout = 10_000)
    DeviceMapper mapper;

    @Test
    void bundleResolvesStartsAndReadsARegister() throws Exception {
        Bundle bundle = Stream.of(context.getBundles())
                .filter(b -> "io.kedge.mapper.modbus".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);

        try (ServerSocket device = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(() -> answerReadHoldingRegisters(device), "modbus-responder");
            responder.setDaemon(true);
            responder.start();
            PropertySpec property = new PropertySpec("level", ValueType.INT, true,
                    ConfigData.of(Map.of("register", "HoldingRegister", "offset", 20)), Duration.ofSeconds(1), Duration.ofSeconds(1));
            try (DeviceConnection connection = mapper.connect(device(device.getLocalPort()))) {
                assertThat(connection.read(property).value()).isEqualTo("41");
            }
        }
    }

    @Test
    void aDeviceNobodyListensForIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        MapperException failure = catchThrowableOfType(MapperException.class, () -> mapper.connect(device(closed)));
        assertThat(failure.reason()).isEqualTo(MapperException.Reason.UNREACHABLE);
    }

    private static DeviceSpec device(int port) {
        return new DeviceSpec("default/tank", "modbus", ConfigData.of(Map.of("ip", "127.0.0.1", "port", port, "timeout", 5_000)), List.of());
    }

    /** Answers function 3 on one connection after another: register n holds 2n+1. */
    private static void answerReadHoldingRegisters(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                while (true) {
                    int transaction = in.readUnsignedShort();
                    in.readUnsignedShort(); // protocol 0
                    in.readUnsignedShort(); // length: unit, function, address, count
                    int unit = in.readUnsignedByte();
                    int function = in.readUnsignedByte();
                    int address = in.readUnsignedShort();
                    int count = in.readUnsignedShort();
                    if (function != 3) {
                        return;
                    }
                    out.writeShort(transaction);
                    out.writeShort(0);
                    out.writeShort(3 + 2 * count);
                    out.writeByte(unit);
                    out.writeByte(function);
                    out.writeByte(2 * count);
                    for (int i = 0; i < count; i++) {
                        out.writeShort(2 * (address + i) + 1);
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the client left, or the test closed the server
            }
        }
    }
}
