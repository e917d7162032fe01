package io.kedge.mapper.modbus;

import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import org.osgi.service.component.annotations.Component;

/**
 * Serves Devices of protocol {@code modbus} over Modbus TCP: {@code protocol.configData} says where
 * the device listens ({@link ModbusEndpoint}), each property's visitor which registers hold it
 * ({@link RegisterVisitor}). Devices are reached only at the address their Device names; the
 * mapper opens no port and starts no thread.
 */
@Component(service = DeviceMapper.class, property = DeviceMapper.PROTOCOL + "=" + ModbusMapper.PROTOCOL)
public final class ModbusMapper implements DeviceMapper {
    public static final String PROTOCOL = "modbus";

    @Override
    public DeviceConnection connect(DeviceSpec device) throws MapperException {
        return ModbusTcpConnection.open(device.id(), ModbusEndpoint.from(device.configData()));
    }
}
