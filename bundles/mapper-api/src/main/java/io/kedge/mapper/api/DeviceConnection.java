package io.kedge.mapper.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open connection to one device, from {@link DeviceMapper#connect}. DMI calls it from one
 * thread at a time and bounds each call with a timeout: a read that never returns marks the device
 * unknown and stops further reads of that device, not of others.
 */
@ConsumerType
public interface DeviceConnection extends AutoCloseable {
    /**
     * Reads one property now.
     *
     * @throws MapperException {@link MapperException.Reason#BAD_CONFIG} for a property whose
     *                         visitor this mapper cannot use, {@link MapperException.Reason#UNREACHABLE}
     *                         when the device did not answer
     */
    Reading read(PropertySpec property) throws MapperException;

    /**
     * Writes a desired value to one property.
     *
     * @param value the value as the twin holds it (text), to be converted per {@link PropertySpec#type()}
     * @throws MapperException {@link MapperException.Reason#BAD_VALUE} for a value the property
     *                         cannot take, or as for {@link #read}
     */
    void write(PropertySpec property, String value) throws MapperException;

    /**
     * For protocols that push: starts delivering new values of {@code property} to {@code sink}
     * instead of being polled. The default is empty: DMI polls on the collect cycle.
     *
     * @return a handle that stops the subscription, or empty when this connection cannot push
     */
    default Optional<AutoCloseable> subscribe(PropertySpec property, ReadingSink sink) throws MapperException {
        return Optional.empty();
    }

    /** Releases the connection. Must not throw; called once. */
    @Override
    void close();
}
