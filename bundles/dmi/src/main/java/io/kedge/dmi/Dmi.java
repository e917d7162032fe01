package io.kedge.dmi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.devices.DeviceReports;
import io.kedge.api.devices.MappedDevice;
import io.kedge.api.devices.MapperSummary;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import io.kedge.mapper.api.MapperHealth;
import io.kedge.mapper.api.Reading;
import io.kedge.protocol.ResourceTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds each Device of the node to the mapper of its protocol when both exist, unbinds when either
 * goes or the device changes in a way its mapper sees (protocol, configData, properties), and turns
 * readings and states into reports to DeviceTwin. Readings already taken wait in a bounded queue
 * while no DeviceTwin takes them (a mapper or DeviceTwin being swapped). Everything runs on one
 * serial loop; the mapper calls themselves run on the blocking pool, bounded by a timeout.
 *
 * <p>The state of a device whose protocol no mapper bundle serves (and none did since DMI started)
 * is not reported to DeviceTwin, only shown in {@link #unboundDevices()}: such a device may be served
 * by a KubeEdge mapper over MQTT, which reports its state itself.
 */
final class Dmi implements BindingEvents {
    private static final Logger LOG = LoggerFactory.getLogger(Dmi.class);

    /** A device as last held: parsed, or why it cannot be. */
    private record Entry(JsonNode object, String protocol, BoundDevice bound, String problem, boolean modelMissing) {
    }

    /** The latest reading of a property, and whether it was queued for DeviceTwin already. */
    private record Latest(Reading reading, boolean reported) {
    }

    private final DeviceSpecs specs;
    private final ScheduledExecutorService loop;
    private final ExecutorService blocking;
    private final BoundedCalls calls;
    private final DmiSettings settings;
    private final ReportQueue queue;
    private final ReadingListeners listeners;

    // confined to the loop
    private final Map<String, JsonNode> models = new HashMap<>();
    private final Map<String, Entry> entries = new TreeMap<>();
    private final Map<String, List<MapperRef>> mappers = new TreeMap<>();
    private final Map<String, Binding> bindings = new HashMap<>();
    private final Map<String, DeviceState> states = new HashMap<>();
    private final Map<String, Map<String, Latest>> latest = new HashMap<>();
    private final Map<String, Map<String, String>> written = new HashMap<>();
    /** Devices a mapper bundle served since DMI started: their state is DMI's to report. */
    private final Set<String> everBound = new HashSet<>();
    private DeviceReports reports;
    private ScheduledFuture<?> retry;
    private boolean closed;

    Dmi(DeviceSpecs specs, ScheduledExecutorService loop, ExecutorService blocking, DmiSettings settings,
            ReadingListeners listeners) {
        this.specs = specs;
        this.listeners = listeners;
        this.loop = loop;
        this.blocking = blocking;
        this.settings = settings;
        this.calls = new BoundedCalls(blocking, loop, settings.callTimeout());
        this.queue = new ReportQueue(settings.queueCapacity());
    }

    /** A Device or DeviceModel of the node's store changed. Sent by MetaManager only. */
    void onMeta(MetaEvent event) {
        MetaObject object = event.object();
        boolean deleted = event.kind() == MetaEvent.Kind.DELETED;
        inLoop(() -> {
            if (ResourceTypes.DEVICE.equals(object.type())) {
                deviceChanged(object.namespace() + "/" + object.name(), deleted ? null : object.object());
            } else if (ResourceTypes.DEVICE_MODEL.equals(object.type())) {
                modelChanged(object.namespace(), object.name(), deleted ? null : object.object());
            }
        });
    }

    void mapperAdded(MapperRef mapper) {
        inLoop(() -> {
            List<MapperRef> serving = mappers.computeIfAbsent(mapper.protocol(), p -> new ArrayList<>());
            serving.add(mapper);
            serving.sort(MapperRef.PREFERRED);
            LOG.info("Mapper for protocol {} from {} {}{}", mapper.protocol(), mapper.bundle(), mapper.version(),
                    serving.get(0) == mapper ? "" : " (waits: another mapper serves this protocol)");
            reconcileProtocol(mapper.protocol());
        });
    }

    /** @return completes when the devices it served are unbound and their connections closed */
    CompletableFuture<Void> mapperRemoved(MapperRef mapper) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = inLoop(() -> {
            List<MapperRef> serving = mappers.getOrDefault(mapper.protocol(), List.of());
            serving.removeIf(held -> held.mapper() == mapper.mapper());
            if (serving.isEmpty()) {
                mappers.remove(mapper.protocol());
            }
            LOG.info("Mapper for protocol {} from {} {} is gone", mapper.protocol(), mapper.bundle(), mapper.version());
            List<CompletableFuture<Void>> closing = new ArrayList<>();
            for (Binding binding : List.copyOf(bindings.values())) {
                if (binding.mapper().mapper() == mapper.mapper()) {
                    closing.add(unbind(binding.spec().id()));
                }
            }
            reconcileProtocol(mapper.protocol());
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> done.complete(null));
        });
        if (!queued) {
            done.complete(null); // DMI stopped: it closed every binding already
        }
        return done;
    }

    /** DeviceTwin came. */
    void reportsChanged(DeviceReports newReports) {
        inLoop(() -> {
            reports = newReports;
            flush();
        });
    }

    /** DeviceTwin went (unless another came already): reports wait until one comes. */
    void reportsRemoved(DeviceReports gone) {
        inLoop(() -> {
            if (reports == gone) {
                reports = null;
            }
        });
    }

    /** Unbinds every device; the loop itself is the caller's to shut down. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = inLoop(() -> {
            List<CompletableFuture<Void>> closing = new ArrayList<>();
            for (String id : List.copyOf(bindings.keySet())) {
                closing.add(unbind(id));
            }
            flush();
            closed = true;
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> done.complete(null));
        });
        if (!queued) {
            done.complete(null);
        }
        return done;
    }

    private void deviceChanged(String id, JsonNode device) {
        if (device == null) {
            entries.remove(id);
            everBound.remove(id);
            unbind(id);
            states.remove(id);
            latest.remove(id);
            written.remove(id);
            queue.forget(id);
            return;
        }
        entries.put(id, parse(device));
        reconcile(id);
    }

    private void modelChanged(String namespace, String name, JsonNode model) {
        String key = namespace + "/" + name;
        if (model == null) {
            models.remove(key);
        } else {
            models.put(key, model);
        }
        for (Map.Entry<String, Entry> entry : List.copyOf(entries.entrySet())) {
            JsonNode device = entry.getValue().object();
            if (entry.getKey().startsWith(namespace + "/") && DeviceSpecs.modelName(device).filter(name::equals).isPresent()) {
                entries.put(entry.getKey(), parse(device));
                reconcile(entry.getKey());
            }
        }
    }

    private Entry parse(JsonNode device) {
        String protocol = DeviceSpecs.protocol(device);
        JsonNode model = DeviceSpecs.modelName(device)
                .map(name -> models.get(device.path("metadata").path("namespace").asText("default") + "/" + name))
                .orElse(null);
        try {
            return new Entry(device, protocol, specs.parse(device, model), null, false);
        } catch (MalformedDevice e) {
            return new Entry(device, protocol, null, e.getMessage(), model == null && DeviceSpecs.modelName(device).isPresent());
        }
    }

    private void reconcileProtocol(String protocol) {
        entries.forEach((id, entry) -> {
            if (entry.protocol().equals(protocol)) {
                reconcile(id);
            }
        });
    }

    private void reconcile(String id) {
        Entry entry = entries.get(id);
        Binding binding = bindings.get(id);
        List<MapperRef> serving = mappers.getOrDefault(entry.protocol(), List.of());
        if (entry.bound() == null) {
            unbind(id);
            if (!new DeviceState(DeviceState.UNKNOWN, entry.problem()).equals(states.get(id))) {
                if (entry.modelMissing()) {
                    LOG.info("Device {} waits for its model: {}", id, entry.problem());
                } else {
                    LOG.warn("Device {} cannot be bound to a mapper: {}", id, entry.problem());
                }
            }
            // a model missing is reported only once the device was bound: the store hands devices before models
            boolean ours = entry.modelMissing() ? everBound.contains(id) : !serving.isEmpty() || everBound.contains(id);
            state(id, DeviceState.unknown(entry.problem()), ours);
            return;
        }
        if (serving.isEmpty()) {
            unbind(id);
            state(id, DeviceState.unknown("no mapper for protocol " + entry.protocol()), everBound.contains(id));
            return;
        }
        everBound.add(id);
        MapperRef mapper = serving.get(0);
        if (binding != null && binding.mapper().equals(mapper) && binding.spec().equals(entry.bound().spec())) {
            binding.updateDesired(entry.bound().desired());
            return;
        }
        unbind(id);
        Binding bound = new Binding(entry.bound(), mapper, calls, loop, this, new Backoff(settings.retryMin(), settings.retryMax()));
        bindings.put(id, bound);
        bound.start();
    }

    private CompletableFuture<Void> unbind(String id) {
        Binding binding = bindings.remove(id);
        if (binding == null) {
            return CompletableFuture.completedFuture(null);
        }
        // readings taken and not reported yet are not lost with the binding
        latest.getOrDefault(id, Map.of()).forEach((property, held) -> {
            if (!held.reported()) {
                queue.twin(id, property, held.reading());
            }
        });
        latest.remove(id);
        flush();
        return binding.close();
    }

    // BindingEvents, called on the loop

    @Override
    public void state(String deviceId, DeviceState state) {
        state(deviceId, state, true);
    }

    /**
     * @param report false to keep the state to DMI's own view: a device no mapper bundle ever served
     *               may be served by a mapper over MQTT, whose state reports DMI must not overwrite
     */
    private void state(String deviceId, DeviceState state, boolean report) {
        if (!state.equals(states.put(deviceId, state)) && report) {
            queue.state(deviceId, state);
            flush();
        }
    }

    @Override
    public void reading(String deviceId, String property, Reading reading) {
        latest.computeIfAbsent(deviceId, id -> new HashMap<>()).put(property, new Latest(reading, false));
        Entry entry = entries.get(deviceId);
        Map<String, Object> pushMethod = entry == null || entry.bound() == null ? Map.of() : entry.bound().pushMethod(property);
        listeners.reading(deviceId, property, reading.value(), reading.time().toEpochMilli(), pushMethod);
    }

    @Override
    public void reportDue(String deviceId, String property) {
        Map<String, Latest> held = latest.get(deviceId);
        Latest value = held == null ? null : held.get(property);
        if (value != null && !value.reported()) {
            held.put(property, new Latest(value.reading(), true));
            queue.twin(deviceId, property, value.reading());
            flush();
        }
    }

    @Override
    public String lastWritten(String deviceId, String property) {
        return written.getOrDefault(deviceId, Map.of()).get(property);
    }

    @Override
    public void written(String deviceId, String property, String value) {
        written.computeIfAbsent(deviceId, id -> new HashMap<>()).put(property, value);
    }

    /** Hands DeviceTwin what waits, oldest first; what it does not take now is offered again later. */
    private void flush() {
        if (reports == null || closed) {
            return;
        }
        boolean refused = false;
        Iterator<Map.Entry<String, ReportQueue.Pending>> pending = queue.oldestFirst();
        while (pending.hasNext()) {
            Map.Entry<String, ReportQueue.Pending> entry = pending.next();
            String id = entry.getKey();
            ReportQueue.Pending waiting = entry.getValue();
            try {
                sendTwins(id, waiting.twins);
                if (waiting.state != null) {
                    try {
                        reports.reportState(id, waiting.state.state(), waiting.state.reason());
                    } catch (IllegalArgumentException e) {
                        LOG.warn("DeviceTwin refused state {} of device {}: {}", waiting.state.state(), id, e.getMessage());
                    }
                    waiting.state = null;
                }
                pending.remove();
            } catch (RuntimeException e) {
                // not now (DeviceTwin does not hold the device yet, or is stopping): this device waits, others go on
                refused = true;
                LOG.debug("DeviceTwin did not take the reports of {}: {}", id, e.getMessage());
            }
        }
        queue.recount();
        if (refused && retry == null) {
            retry = loop.schedule(() -> {
                retry = null;
                flush();
            }, settings.retryMin().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reports the twins at once; if one value does not fit its twin, each alone, dropping the misfits. */
    private void sendTwins(String id, Map<String, Reading> twins) {
        if (twins.isEmpty()) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        long time = 0;
        for (Map.Entry<String, Reading> twin : twins.entrySet()) {
            values.put(twin.getKey(), twin.getValue().value());
            time = Math.max(time, twin.getValue().time().toEpochMilli());
        }
        try {
            reports.reportTwins(id, values, time);
            twins.clear();
        } catch (IllegalArgumentException e) {
            for (String property : List.copyOf(twins.keySet())) {
                Reading reading = twins.get(property);
                try {
                    reports.reportTwins(id, Map.of(property, reading.value()), reading.time().toEpochMilli());
                } catch (IllegalArgumentException refused) {
                    LOG.warn("DeviceTwin refused the reading of {} of device {}: {}", property, id, refused.getMessage());
                }
                twins.remove(property);
            }
        }
    }

    // views, for the shell and the console (any thread)

    List<MapperSummary> mappers() {
        record Row(MapperRef mapper, boolean active, List<MappedDevice> devices) {
        }
        List<Row> rows = onLoop(() -> {
            List<Row> out = new ArrayList<>();
            mappers.forEach((protocol, serving) -> {
                for (MapperRef mapper : serving) {
                    List<MappedDevice> devices = new ArrayList<>();
                    new TreeMap<>(bindings).forEach((id, binding) -> {
                        if (binding.mapper().equals(mapper)) {
                            devices.add(mapped(id));
                        }
                    });
                    out.add(new Row(mapper, serving.get(0) == mapper, devices));
                }
            });
            return out;
        });
        List<MapperSummary> summaries = new ArrayList<>();
        for (Row row : rows) {
            MapperHealth health = health(row.mapper());
            summaries.add(new MapperSummary(row.mapper().protocol(), row.mapper().bundle(), row.mapper().version(),
                    health.healthy(), health.reason(), row.active(), row.devices()));
        }
        summaries.sort(Comparator.comparing(MapperSummary::protocol));
        return summaries;
    }

    List<MappedDevice> unboundDevices() {
        return onLoop(() -> {
            List<MappedDevice> out = new ArrayList<>();
            new TreeSet<>(entries.keySet()).forEach(id -> {
                if (!bindings.containsKey(id)) {
                    out.add(mapped(id));
                }
            });
            return out;
        });
    }

    /** Reports waiting for DeviceTwin (for tests and figures). */
    int queued() {
        return onLoop(queue::size);
    }

    private MappedDevice mapped(String id) {
        Entry entry = entries.get(id);
        DeviceState state = states.getOrDefault(id, DeviceState.unknown("connecting"));
        return new MappedDevice(id, entry == null ? "" : entry.protocol(), state.state(), state.reason());
    }

    /** A mapper's health, asked on the blocking pool: a mapper that does not answer is shown unhealthy. */
    private MapperHealth health(MapperRef mapper) {
        try {
            MapperHealth health = CompletableFuture.supplyAsync(mapper.mapper()::health, blocking)
                    .get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return health == null ? MapperHealth.HEALTHY : health;
        } catch (TimeoutException e) {
            return MapperHealth.unhealthy("health() did not answer within " + settings.callTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            return MapperHealth.unhealthy("health() failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MapperHealth.unhealthy("interrupted");
        } catch (RejectedExecutionException e) {
            return MapperHealth.unhealthy("DMI is stopping");
        }
    }

    private <T> T onLoop(Callable<T> view) {
        try {
            return loop.submit(view).get(settings.callTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("DMI did not answer: " + e, e);
        }
    }

    /** @return false when DMI is stopping and the task will not run */
    private boolean inLoop(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("DMI failed to handle a change", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            LOG.debug("DMI is stopping: a change was left out");
            return false;
        }
    }
}
