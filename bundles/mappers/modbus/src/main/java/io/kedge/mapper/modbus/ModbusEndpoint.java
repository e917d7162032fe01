package io.kedge.mapper.modbus;

import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.MapperException;

import java.time.Duration;

/**
 * Where a Modbus TCP device listens, from the Device's {@code protocol.configData}: {@code ip} (or
 * {@code host}), {@code port} (502), {@code slaveID} (or {@code unitId}, 1) and {@code timeout} in
 * milliseconds (3000) for connecting and for each answer. KubeEdge's older shape with these keys in
 * a nested {@code tcp} object is read as well.
 */
record ModbusEndpoint(String host, int port, int unitId, Duration timeout) {
    static final int DEFAULT_PORT = 502;
    static final long DEFAULT_TIMEOUT_MS = 3_000;
    static final long MAX_TIMEOUT_MS = 60_000;

    static ModbusEndpoint from(ConfigData device) throws MapperException {
        ConfigData config = device.has("tcp") && !device.has("ip") && !device.has("host") ? device.child("tcp") : device;
        String hostKey = config.has("host") && !config.has("ip") ? "host" : "ip";
        String host = config.optionalText(hostKey).orElseThrow(() -> config.bad("ip", "is required (the device's address)"));
        if (host.isBlank()) {
            throw config.bad(hostKey, "must not be empty");
        }
        int port = (int) config.integer("port", DEFAULT_PORT, 1, 65_535);
        String unitKey = device.has("unitId") && !device.has("slaveID") ? "unitId" : "slaveID";
        int unitId = (int) device.integer(unitKey, 1, 0, 255);
        long timeout = device.integer("timeout", DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
        return new ModbusEndpoint(host.trim(), port, unitId, Duration.ofMillis(timeout));
    }

    @Override
    public String toString() {
        return host + ":" + port + " unit " + unitId;
    }
}
