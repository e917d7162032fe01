package io.kedge.mapper.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Speaks one device protocol. Registered as a service with {@link #PROTOCOL}; DMI binds every
 * Device whose {@code spec.protocol.protocolName} equals it. A mapper that serves several
 * configurations of one protocol registers one service per configuration, each with its own
 * {@link #PROTOCOL} value (a factory component).
 */
@ConsumerType
public interface DeviceMapper {
    /** Service property: the protocol name this mapper serves, e.g. {@code modbus}. */
    String PROTOCOL = "kedge.mapper.protocol";

    /**
     * Opens a connection to one device. Called by DMI on its own thread, never twice at once for
     * the same device; DMI bounds the call with a timeout and retries later when it fails.
     *
     * @throws MapperException {@link MapperException.Reason#BAD_CONFIG} for configuration data this
     *                         mapper cannot use (DMI does not retry until the device changes),
     *                         {@link MapperException.Reason#UNREACHABLE} when the device does not
     *                         answer now (DMI retries)
     */
    DeviceConnection connect(DeviceSpec device) throws MapperException;

    /** The mapper's own health, beyond any one device; shown in the console and the shell. */
    default MapperHealth health() {
        return MapperHealth.HEALTHY;
    }
}
