package io.kedge.mapper.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.io.AbstractModbusTransport;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.MapperException.Reason;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;

/**
 * One Modbus TCP device. Every request is a single try bounded by the endpoint's timeout (j2mod
 * would otherwise retry five times); a request that fails on the wire drops the socket, and the
 * next one opens a new socket, so a device that comes back is read again without DMI's help.
 *
 * <p>Network input: answers from whatever listens at the Device's address (anyone able to bind it).
 * An answer only ever becomes the value of the one read it answers, decoded within the visitor's
 * registers, or a {@link MapperException} for that read; it reaches nothing else.
 */
final class ModbusTcpConnection implements DeviceConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpConnection.class);
    /** Modbus exception codes a device answers with. */
    private static final int ILLEGAL_FUNCTION = 1;
    private static final int ILLEGAL_ADDRESS = 2;
    private static final int ILLEGAL_VALUE = 3;

    private final String deviceId;
    private final ModbusEndpoint endpoint;
    private final ModbusTCPMaster master;
    private volatile boolean closed;
    private boolean linkDown;

    private ModbusTcpConnection(String deviceId, ModbusEndpoint endpoint) {
        this.deviceId = deviceId;
        this.endpoint = endpoint;
        this.master = new ModbusTCPMaster(endpoint.host(), endpoint.port(), (int) endpoint.timeout().toMillis(), false, false);
    }

    /** Connects now, so that a device that is not there is reported at once. */
    static ModbusTcpConnection open(String deviceId, ModbusEndpoint endpoint) throws MapperException {
        ModbusTcpConnection connection = new ModbusTcpConnection(deviceId, endpoint);
        connection.ensureConnected();
        return connection;
    }

    @Override
    public synchronized Reading read(PropertySpec property) throws MapperException {
        RegisterVisitor visitor = RegisterVisitor.from(property.visitor(), property.type());
        int unit = endpoint.unitId();
        int offset = visitor.offset();
        String value = switch (visitor.register()) {
            case COIL -> ValueCodec.decodeBit(call(visitor, "read", () -> master.readCoils(unit, offset, 1).getBit(0)), property.type());
            case DISCRETE_INPUT -> ValueCodec.decodeBit(call(visitor, "read", () -> master.readInputDiscretes(unit, offset, 1).getBit(0)),
                    property.type());
            case HOLDING -> ValueCodec.decodeWords(words(call(visitor, "read", () -> master.readMultipleRegisters(unit, offset, visitor.words()))),
                    visitor, property.type());
            case INPUT -> ValueCodec.decodeWords(words(call(visitor, "read", () -> master.readInputRegisters(unit, offset, visitor.words()))),
                    visitor, property.type());
        };
        return Reading.now(value);
    }

    @Override
    public synchronized void write(PropertySpec property, String value) throws MapperException {
        RegisterVisitor visitor = RegisterVisitor.from(property.visitor(), property.type());
        if (!visitor.register().writable()) {
            throw new MapperException(Reason.UNSUPPORTED, "property " + property.name() + " is in " + visitor.describe()
                    + ", which Modbus does not let a master write");
        }
        if (!property.writable()) {
            throw new MapperException(Reason.UNSUPPORTED, "property " + property.name() + " is read-only in its model");
        }
        int unit = endpoint.unitId();
        int offset = visitor.offset();
        if (visitor.register() == RegisterType.COIL) {
            boolean bit = ValueCodec.encodeBit(value);
            call(visitor, "write", () -> master.writeCoil(unit, offset, bit));
            return;
        }
        int[] words = ValueCodec.encodeWords(value, visitor, property.type());
        Register[] registers = Arrays.stream(words).mapToObj(SimpleRegister::new).toArray(Register[]::new);
        call(visitor, "write", () -> registers.length == 1
                ? master.writeSingleRegister(unit, offset, registers[0])
                : master.writeMultipleRegisters(unit, offset, registers));
    }

    /** Also from another thread while a request waits for its answer: closing the socket ends the wait. */
    @Override
    public void close() {
        closed = true;
        AbstractModbusTransport transport = master.getTransport();
        if (transport != null) {
            try {
                transport.close();
            } catch (IOException | RuntimeException e) {
                // never opened or already closed: nothing to release
            }
        }
        master.disconnect();
    }

    private static int[] words(InputRegister[] registers) {
        return Arrays.stream(registers).mapToInt(InputRegister::toUnsignedShort).toArray();
    }

    private void ensureConnected() throws MapperException {
        if (closed) {
            throw new MapperException(Reason.UNREACHABLE, "connection to " + deviceId + " is closed");
        }
        if (master.isConnected()) {
            return;
        }
        try {
            master.connect();
            master.setRetries(1);
        } catch (Exception e) {
            master.disconnect();
            throw linkLost("cannot connect", e);
        }
        if (linkDown) {
            linkDown = false;
            LOG.info("Modbus device {} at {} is reachable again", deviceId, endpoint);
        }
    }

    private <T> T call(RegisterVisitor visitor, String action, Request<T> request) throws MapperException {
        ensureConnected();
        try {
            return request.send();
        } catch (ModbusSlaveException e) {
            throw refused(visitor, action, e);
        } catch (ModbusException e) {
            master.disconnect();
            if (closed) {
                throw new MapperException(Reason.UNREACHABLE, "connection to " + deviceId + " was closed during the " + action, e);
            }
            throw linkLost(action + " of " + visitor.describe() + " failed", e);
        }
    }

    /** The device answered, with a Modbus exception code. */
    private MapperException refused(RegisterVisitor visitor, String action, ModbusSlaveException e) {
        String what = "device " + endpoint + " refused the " + action + " of " + visitor.describe() + ": " + e.getMessage();
        return switch (e.getType()) {
            case ILLEGAL_FUNCTION -> new MapperException(Reason.UNSUPPORTED, what, e);
            case ILLEGAL_ADDRESS -> new MapperException(Reason.BAD_CONFIG, what, e);
            case ILLEGAL_VALUE -> new MapperException("write".equals(action) ? Reason.BAD_VALUE : Reason.BAD_CONFIG, what, e);
            default -> new MapperException(Reason.UNREACHABLE, what, e);
        };
    }

    private MapperException linkLost(String what, Exception e) {
        if (!linkDown) {
            linkDown = true;
            LOG.warn("Modbus device {} at {} is unreachable: {}", deviceId, endpoint, e.getMessage());
        }
        return new MapperException(Reason.UNREACHABLE, "Modbus device " + endpoint + " unreachable: " + what + ": " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface Request<T> {
        T send() throws ModbusException;
    }
}
