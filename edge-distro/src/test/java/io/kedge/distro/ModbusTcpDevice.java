package io.kedge.distro;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.net.InetAddress;

/**
 * A real Modbus TCP device in the test JVM: j2mod's slave with {@link #SIZE} holding registers for
 * unit {@link #UNIT} on a free loopback port. The node's Modbus mapper reaches it over TCP as it
 * would a device on the plant network; the test reads and sets its registers directly. j2mod's
 * slave serves with a small pool of its own threads (4), for tests only.
 */
final class ModbusTcpDevice implements AutoCloseable {
    static final int UNIT = 1;
    static final int SIZE = 100;

    private final SimpleProcessImage image = new SimpleProcessImage(UNIT);
    private final int port;
    private final ModbusSlave slave;

    private ModbusTcpDevice(int port) throws Exception {
        for (int i = 0; i < SIZE; i++) {
            image.addRegister(new SimpleRegister(0));
        }
        this.port = port;
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false, 0);
        slave.addProcessImage(UNIT, image);
        slave.open();
    }

    static ModbusTcpDevice started() throws Exception {
        return startedOn(KedgeProcess.freePort());
    }

    /** A device that starts listening at a port a Device already names. */
    static ModbusTcpDevice startedOn(int port) throws Exception {
        return new ModbusTcpDevice(port);
    }

    int port() {
        return port;
    }

    int holding(int offset) {
        return image.getRegister(offset).toUnsignedShort();
    }

    void setHolding(int offset, int value) {
        image.getRegister(offset).setValue(value);
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }
}
