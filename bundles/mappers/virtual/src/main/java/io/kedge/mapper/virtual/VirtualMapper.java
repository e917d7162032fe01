package io.kedge.mapper.virtual;

import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code virtual} protocol: simulated devices for demos and tests (see the package doc for the
 * configData it reads). Starts no threads: reads run on DMI's.
 */
// immediate: one instance from start to stop (its log line says the bundle is up), not one per user
@Component(service = DeviceMapper.class, immediate = true, property = DeviceMapper.PROTOCOL + "=" + VirtualMapper.PROTOCOL)
public final class VirtualMapper implements DeviceMapper {
    static final String PROTOCOL = "virtual";
    private static final Logger LOG = LoggerFactory.getLogger(VirtualMapper.class);

    private final CounterStore counters;
    private final Signals signals;
    private final Set<VirtualDevice> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    @Activate
    public VirtualMapper(BundleContext context) {
        this(new CounterStore(Optional.ofNullable(context.getDataFile("counters.properties")).map(file -> file.toPath())),
                Clock.systemUTC());
        LOG.info("Virtual mapper {} {} serves protocol '{}'", context.getBundle().getSymbolicName(),
                context.getBundle().getVersion(), PROTOCOL);
    }

    VirtualMapper(CounterStore counters, Clock clock) {
        this.counters = counters;
        this.signals = new Signals(counters, clock);
    }

    /**
     * Called by DMI with a Device of protocol {@code virtual}: its configData may ask for faults
     * ({@link DeviceFaults}), the visitors pick each property's function. Who sends it: whoever may write
     * Devices and DeviceModels bound to this node in the cloud. What it touches: memory of this mapper and
     * the counters it saves in its own data area; a read waits at most {@code readDelayMs} (bounded) unless
     * {@code hangReads} asks it to block until DMI closes the connection.
     */
    @Override
    public DeviceConnection connect(DeviceSpec device) throws MapperException {
        if (stopped) {
            throw new MapperException(MapperException.Reason.UNREACHABLE, "the virtual mapper is stopping");
        }
        DeviceFaults faults = DeviceFaults.of(device.configData());
        VirtualDevice connection = new VirtualDevice(device, faults, signals, open::remove);
        if (faults.unreachable()) {
            throw new MapperException(MapperException.Reason.UNREACHABLE, device.id() + " is unreachable (unreachable: true)");
        }
        open.add(connection);
        return connection;
    }

    /** Closes what is still open (ending reads that wait), then saves the counters for the next version. */
    @Deactivate
    void deactivate() {
        stopped = true;
        List.copyOf(open).forEach(VirtualDevice::close);
        counters.save();
    }
}
