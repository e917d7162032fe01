package io.kedge.mapper.virtual;

import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.Reading;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A connected virtual device: its properties' {@link Signal}s and the faults it plays. Reads and writes run
 * on the caller's thread; {@link #close} from any thread ends a read that waits or hangs.
 */
final class VirtualDevice implements DeviceConnection {
    private record Property(PropertySpec spec, Signal signal) {
    }

    private final DeviceSpec device;
    private final DeviceFaults faults;
    private final Signals signals;
    private final Map<String, Property> properties = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Consumer<VirtualDevice> onClose;

    /** Builds every property's signal now, so bad configuration fails the connect. */
    VirtualDevice(DeviceSpec device, DeviceFaults faults, Signals signals, Consumer<VirtualDevice> onClose)
            throws MapperException {
        this.device = device;
        this.faults = faults;
        this.signals = signals;
        this.onClose = onClose;
        for (PropertySpec property : device.properties()) {
            properties.put(property.name(), new Property(property, signals.of(device.id(), property)));
        }
    }

    @Override
    public Reading read(PropertySpec property) throws MapperException {
        Signal signal = signal(property);
        if (faults.hangReads()) {
            await(Long.MAX_VALUE, "hangs (hangReads)");
        } else if (faults.readDelayMs() > 0) {
            await(faults.readDelayMs(), "was slow (readDelayMs)");
        }
        if (faults.failReads()) {
            throw new MapperException(MapperException.Reason.UNREACHABLE, device.id() + " does not answer (failReads)");
        }
        return Reading.now(signal.read());
    }

    @Override
    public void write(PropertySpec property, String value) throws MapperException {
        Signal signal = signal(property);
        if (!property.writable()) {
            throw new MapperException(MapperException.Reason.UNSUPPORTED, device.id() + " property " + property.name()
                    + " is read-only");
        }
        signal.write(value);
    }

    @Override
    public void close() {
        if (closed.getCount() > 0) {
            closed.countDown();
            onClose.accept(this);
        }
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** The property's signal; made anew when DMI passes a property this connection has not seen in that form. */
    private Signal signal(PropertySpec spec) throws MapperException {
        if (isClosed()) {
            throw new MapperException(MapperException.Reason.UNREACHABLE, device.id() + ": connection closed");
        }
        Property known = properties.get(spec.name());
        if (known != null && known.spec().equals(spec)) {
            return known.signal();
        }
        Property made = new Property(spec, signals.of(device.id(), spec));
        properties.put(spec.name(), made);
        return made.signal();
    }

    private void await(long millis, String fault) throws MapperException {
        try {
            if (closed.await(millis, TimeUnit.MILLISECONDS)) {
                throw new MapperException(MapperException.Reason.UNREACHABLE, device.id() + " " + fault
                        + ": connection closed during the read");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MapperException(MapperException.Reason.UNREACHABLE, device.id() + " " + fault + ": read interrupted");
        }
    }
}
