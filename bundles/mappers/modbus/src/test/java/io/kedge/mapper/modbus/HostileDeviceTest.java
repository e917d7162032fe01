package io.kedge.mapper.modbus;

import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.ValueType;
import io.kedge.protocol.testing.RandomInputs;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.kedge.mapper.modbus.ModbusMapperTest.device;
import static io.kedge.mapper.modbus.ModbusMapperTest.endpoint;
import static io.kedge.mapper.modbus.ModbusMapperTest.property;
import static io.kedge.mapper.modbus.ModbusMapperTest.visitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Answers are network input from whatever listens at the Device's address: they may only produce a
 * reading or a MapperException for that one read, never another exception or a hang.
 */
class HostileDeviceTest {
    private static final byte[] VALID_ANSWER = {0, 0, 0, 0, 0, 5, 1, 3, 2, 0x01, 0x02};

    record Answer(byte[] bytes, boolean echoTransactionId) {
        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(bytes) + (echoTransactionId ? " (transaction id echoed)" : "");
        }
    }

    @Test
    void mangledAnswersEndInAReadingOrAMapperException() throws Exception {
        AtomicReference<Answer> next = new AtomicReference<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread device = new Thread(() -> answer(server, next), "hostile-modbus-device");
            device.setDaemon(true);
            device.start();
            Map<String, Object> config = new LinkedHashMap<>(endpoint(server.getLocalPort()));
            config.put("timeout", 200);
            PropertySpec pair = property(ValueType.INT, true, visitor("HoldingRegister", 0, "limit", 1));
            try (DeviceConnection connection = new ModbusMapper().connect(device(config))) {
                RandomInputs.forAll(60, random -> new Answer(random.nextInt(5) == 0 ? RandomInputs.anyBytes(random, 40)
                        : RandomInputs.mutate(random, VALID_ANSWER), random.nextBoolean()), answer -> {
                    next.set(answer);
                    Throwable thrown = catchThrowable(() -> connection.read(pair));
                    assertThat(thrown).satisfiesAnyOf(
                            t -> assertThat(t).isNull(),
                            t -> assertThat(t).isInstanceOf(MapperException.class));
                });
                next.set(new Answer(VALID_ANSWER, true));
                assertThat(catchThrowable(() -> connection.read(pair))).as("a well-formed answer after the garbage")
                        .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(MapperException.class));
            }
        }
    }

    /** Serves one connection after another: each 12-byte request gets the answer set for it. */
    private static void answer(ServerSocket server, AtomicReference<Answer> next) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                byte[] request = new byte[12];
                while (true) {
                    in.readFully(request);
                    Answer answer = next.get();
                    byte[] bytes = answer.bytes().clone();
                    if (answer.echoTransactionId() && bytes.length >= 2) {
                        bytes[0] = request[0];
                        bytes[1] = request[1];
                    }
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException e) {
                // the client gave up on this connection; take the next
            }
        }
    }
}
