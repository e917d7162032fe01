package io.kedge.mapper.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A real Modbus TCP device for tests: j2mod's slave with 100 of each of holding registers, input
 * registers, coils and discrete inputs for unit {@link #UNIT}, on loopback. Clients reach it
 * through a {@link Relay} on {@link #port()}, because j2mod's slave keeps serving open connections
 * after it is closed: {@link #stop()} stops both, as a device that powers off drops its
 * connections, and {@link #start()} brings both back on the same port.
 */
final class ModbusTestServer implements AutoCloseable {
    static final int UNIT = 1;
    static final int SIZE = 100;

    private final SimpleProcessImage image = new SimpleProcessImage(UNIT);
    private final int devicePort;
    private final Relay relay;
    private ModbusSlave slave;

    private ModbusTestServer() throws IOException {
        for (int i = 0; i < SIZE; i++) {
            image.addRegister(new SimpleRegister(0));
            image.addInputRegister(new SimpleInputRegister(0));
            image.addDigitalOut(new SimpleDigitalOut(false));
            image.addDigitalIn(new SimpleDigitalIn(false));
        }
        devicePort = freePort();
        relay = new Relay(devicePort);
    }

    static ModbusTestServer started() throws IOException, ModbusException {
        ModbusTestServer server = new ModbusTestServer();
        server.start();
        return server;
    }

    /** A loopback port nobody listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    synchronized void start() throws ModbusException, IOException {
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), devicePort, 4, false, 0);
        slave.addProcessImage(UNIT, image);
        slave.open();
        relay.open();
    }

    synchronized void stop() {
        relay.cut();
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    int port() {
        return relay.port();
    }

    int holding(int offset) {
        return image.getRegister(offset).toUnsignedShort();
    }

    void setHolding(int offset, int... words) {
        for (int i = 0; i < words.length; i++) {
            image.getRegister(offset + i).setValue(words[i]);
        }
    }

    void setInput(int offset, int... words) {
        for (int i = 0; i < words.length; i++) {
            image.setInputRegister(offset + i, new SimpleInputRegister(words[i]));
        }
    }

    boolean coil(int offset) {
        return image.getDigitalOut(offset).isSet();
    }

    void setCoil(int offset, boolean value) {
        image.getDigitalOut(offset).set(value);
    }

    void setDiscreteInput(int offset, boolean value) {
        image.setDigitalIn(offset, new SimpleDigitalIn(value));
    }

}
