package io.kedge.dmi;

import io.kedge.api.devices.DeviceReadings;
import io.kedge.api.devices.DeviceReports;
import io.kedge.api.devices.MappedDevice;
import io.kedge.api.devices.MapperSummary;
import io.kedge.api.devices.NodeMappers;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.protocol.ResourceTypes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferenceScope;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DMI on the node. Hears of Devices and DeviceModels as a {@link MetaListener}: MetaManager first
 * hands a new listener everything it holds, then each change (sent by MetaManager only, which holds
 * what the authenticated cloud session delivered; touches only which mapper serves a device and
 * what is written to it). Binds them to the {@link DeviceMapper} services of their protocol as
 * those come and go, and reports to {@link DeviceReports} (DeviceTwin) when there is one. Offers
 * {@link NodeMappers} for the shell and the console, and hands every reading it takes to the
 * {@link DeviceReadings} services (whiteboard), off its loop. It takes no MetaStore: MetaManager collects
 * its listeners while it activates, and a listener that asked for the store then would be a cycle.
 * Threads: none of its own; one serial executor for its bookkeeping and timers, and the node's
 * blocking pool for calls into mappers (at most one per device at a time) and for handing readings
 * to listeners (at most one task per listener at a time).
 */
@Component(service = {MetaListener.class, NodeMappers.class}, immediate = true, configurationPid = "io.kedge.dmi",
        property = {MetaListener.TYPES + "=" + ResourceTypes.DEVICE, MetaListener.TYPES + "=" + ResourceTypes.DEVICE_MODEL})
@Designate(ocd = DmiConfiguration.class)
public class DmiComponent implements MetaListener, NodeMappers {
    private static final Logger LOG = LoggerFactory.getLogger(DmiComponent.class);

    private final ScheduledExecutorService loop;
    private final Dmi dmi;
    private final Duration callTimeout;
    private final ReadingListeners listeners;

    @Activate
    public DmiComponent(DmiConfiguration config,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) {
        callTimeout = Duration.ofMillis(Math.max(1, config.call_timeout_millis()));
        Duration defaultCycle = Duration.ofMillis(Math.max(1, config.default_cycle_millis()));
        DmiSettings settings = new DmiSettings(callTimeout, Duration.ofMillis(Math.max(1, config.retry_min_millis())),
                Duration.ofMillis(Math.max(1, config.retry_max_millis())), defaultCycle, config.report_queue_capacity());
        loop = executors.newSerialExecutor("dmi");
        listeners = new ReadingListeners(executors.blocking(), Math.max(1, config.reading_queue_capacity()));
        dmi = new Dmi(new DeviceSpecs(defaultCycle), loop, executors.blocking(), settings, listeners);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMapper(DeviceMapper mapper, ServiceReference<DeviceMapper> reference) {
        MapperRef ref = ref(mapper, reference);
        if (ref.protocol().isEmpty()) {
            LOG.warn("Left out a device mapper of {}: it has no {} service property", ref.bundle(), DeviceMapper.PROTOCOL);
            return;
        }
        dmi.mapperAdded(ref);
    }

    /** Waits (up to the call timeout) until the mapper's devices are unbound, so it stops with no connection open. */
    void removeMapper(DeviceMapper mapper, ServiceReference<DeviceMapper> reference) {
        MapperRef ref = ref(mapper, reference);
        try {
            dmi.mapperRemoved(ref).get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Mapper {} leaves with a device connection still busy in a call", ref.bundle());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Unbinding the devices of mapper {} failed: {}", ref.bundle(), e.toString());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setReports(DeviceReports reports) {
        dmi.reportsChanged(reports);
    }

    void unsetReports(DeviceReports reports) {
        dmi.reportsRemoved(reports);
    }

    /** Every reading DMI takes goes to each listener, off DMI's loop (see {@link ReadingOutlet}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addReadings(DeviceReadings listener) {
        listeners.add(listener);
    }

    void removeReadings(DeviceReadings listener) {
        listeners.remove(listener);
    }

    @Deactivate
    void deactivate() {
        try {
            dmi.close().get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("DMI stops with a device connection still busy in a call");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Stopping DMI: {}", e.toString());
        }
        listeners.close();
        loop.shutdownNow();
    }

    @Override
    public void onChange(MetaEvent event) {
        dmi.onMeta(event);
    }

    @Override
    public List<MapperSummary> mappers() {
        return dmi.mappers();
    }

    @Override
    public List<MappedDevice> unboundDevices() {
        return dmi.unboundDevices();
    }

    private static MapperRef ref(DeviceMapper mapper, ServiceReference<DeviceMapper> reference) {
        Object protocol = reference.getProperty(DeviceMapper.PROTOCOL);
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        Object id = reference.getProperty(Constants.SERVICE_ID);
        Bundle bundle = reference.getBundle();
        return new MapperRef(mapper, protocol == null ? "" : protocol.toString().trim(),
                bundle == null ? "?" : bundle.getSymbolicName(), bundle == null ? "?" : bundle.getVersion().toString(),
                ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L);
    }
}
