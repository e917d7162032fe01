package io.kedge.dmi;

import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.Reading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device bound to one mapper: connects (again, with backoff, while the device is unreachable;
 * not after BAD_CONFIG), reads each property on its collect cycle unless the connection pushes it,
 * writes desired values, and says when a property's report is due. At most one call into the
 * mapper is in flight for the device: a read that never returns makes the device unknown and stops
 * its further calls, nothing piles up. Confined to DMI's loop, like everything it calls back.
 */
final class Binding {
    private static final Logger LOG = LoggerFactory.getLogger(Binding.class);

    /** A connection with the subscriptions opened on it, by property. */
    private record Opened(DeviceConnection connection, Map<String, AutoCloseable> pushed) implements AutoCloseable {
        @Override
        public void close() {
            pushed.values().forEach(BoundedCalls::closeQuietly);
            BoundedCalls.closeQuietly(connection);
        }
    }

    private final DeviceSpec spec;
    private final String id;
    private final MapperRef mapper;
    private final BoundedCalls calls;
    private final ScheduledExecutorService loop;
    private final BindingEvents events;
    private final Backoff backoff;
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    private Map<String, String> desired;
    private Opened opened;
    /** Counts connections, so a push from a closed one is recognised and dropped. */
    private int generation;
    private final List<ScheduledFuture<?>> reportTimers = new ArrayList<>();
    private final Map<String, ScheduledFuture<?>> collectTimers = new HashMap<>();
    private ScheduledFuture<?> reconnect;
    private final Set<String> dueReads = new LinkedHashSet<>();
    private final Map<String, String> pendingWrites = new LinkedHashMap<>();
    private Map.Entry<String, String> writing;
    /** Problems of single properties ("read P" / "write P" → reason); the device stays online. */
    private final Map<String, String> problems = new TreeMap<>();
    private final Set<String> unreadable = new LinkedHashSet<>();
    private DeviceState state;
    private boolean busy;
    private boolean closed;

    Binding(BoundDevice device, MapperRef mapper, BoundedCalls calls, ScheduledExecutorService loop,
            BindingEvents events, Backoff backoff) {
        this.spec = device.spec();
        this.id = spec.id();
        this.desired = device.desired();
        this.mapper = mapper;
        this.calls = calls;
        this.loop = loop;
        this.events = events;
        this.backoff = backoff;
    }

    DeviceSpec spec() {
        return spec;
    }

    MapperRef mapper() {
        return mapper;
    }

    /** The state last reported; null before the first outcome. */
    DeviceState state() {
        return state;
    }

    void start() {
        for (PropertySpec property : spec.properties()) {
            long cycle = property.reportCycle().toMillis();
            reportTimers.add(loop.scheduleAtFixedRate(() -> events.reportDue(id, property.name()), cycle, cycle,
                    TimeUnit.MILLISECONDS));
        }
        connect();
    }

    /** The cloud changed desired values only: writes those that differ from what was last written. */
    void updateDesired(Map<String, String> newDesired) {
        desired = Map.copyOf(newDesired);
        planWrites();
        pump();
    }

    /**
     * Stops every cycle and closes the connection once no call is in flight.
     *
     * @return completes when the connection is closed (never, while a call never returns)
     */
    CompletableFuture<Void> close() {
        if (!closed) {
            closed = true;
            reportTimers.forEach(timer -> timer.cancel(false));
            stopCollecting();
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            if (!busy) {
                release();
            }
        }
        return released;
    }

    private void connect() {
        reconnect = null;
        if (closed || busy) {
            return;
        }
        busy = true;
        int connection = ++generation;
        calls.call(() -> open(connection), this::opened);
    }

    /** Runs on the blocking pool: mapper code. */
    private Opened open(int connection) throws Exception {
        DeviceConnection opened = mapper.mapper().connect(spec);
        if (opened == null) {
            throw new MapperException(MapperException.Reason.UNREACHABLE, "the mapper gave no connection");
        }
        Map<String, AutoCloseable> pushed = new LinkedHashMap<>();
        try {
            for (PropertySpec property : spec.properties()) {
                try {
                    opened.subscribe(property, reading -> pushed(connection, property.name(), reading))
                            .ifPresent(handle -> pushed.put(property.name(), handle));
                } catch (MapperException e) {
                    LOG.warn("Device {}: cannot subscribe to {} ({}); it is read every {} ms instead", id, property.name(),
                            e.getMessage(), property.collectCycle().toMillis());
                }
            }
        } catch (RuntimeException | Error e) {
            new Opened(opened, pushed).close();
            throw e;
        }
        return new Opened(opened, pushed);
    }

    /** Any thread: a pushing connection delivered a value. */
    private void pushed(int connection, String property, Reading reading) {
        if (reading == null) {
            return;
        }
        try {
            loop.execute(() -> {
                if (!closed && connection == generation && opened != null) {
                    events.reading(id, property, reading);
                    refreshState();
                }
            });
        } catch (RejectedExecutionException e) {
            // DMI stopped: the value goes nowhere, as any value read after the stop
        }
    }

    private void opened(CallResult<Opened> result) {
        if (result.timedOut()) {
            setState(DeviceState.unknown("connect timed out after " + calls.timeout().toMillis() + " ms"));
            return;
        }
        busy = false;
        if (closed) {
            if (result.value() != null) {
                calls.close(result.value(), () -> released.complete(null));
            } else {
                release();
            }
            return;
        }
        if (result.late()) {
            // the device was reported unknown meanwhile: start over with a fresh connection
            if (result.value() != null) {
                calls.close(result.value(), () -> { });
            }
            scheduleReconnect();
            return;
        }
        if (!result.succeeded()) {
            connectionFailed("connect", result.failure());
            return;
        }
        opened = result.value();
        backoff.reset();
        for (PropertySpec property : spec.properties()) {
            if (!opened.pushed().containsKey(property.name())) {
                long cycle = property.collectCycle().toMillis();
                collectTimers.put(property.name(), loop.scheduleAtFixedRate(() -> {
                    dueReads.add(property.name());
                    pump();
                }, 0, cycle, TimeUnit.MILLISECONDS));
            }
        }
        LOG.info("Device {} connected through mapper {} {} ({} properties pushed)", id, mapper.bundle(), mapper.version(),
                opened.pushed().size());
        refreshState();
        planWrites();
        pump();
    }

    private void pump() {
        if (closed || busy || opened == null) {
            return;
        }
        if (!pendingWrites.isEmpty()) {
            write();
        } else if (!dueReads.isEmpty()) {
            read();
        }
    }

    private void read() {
        String name = dueReads.iterator().next();
        dueReads.remove(name);
        PropertySpec property = spec.property(name).orElseThrow();
        DeviceConnection connection = opened.connection();
        busy = true;
        calls.call(() -> connection.read(property), result -> readDone(name, result));
    }

    private void readDone(String name, CallResult<Reading> result) {
        if (result.timedOut()) {
            setState(DeviceState.unknown("read of " + name + " timed out"));
            return;
        }
        busy = false;
        if (closed) {
            release();
            return;
        }
        // a late answer is still what the device said: the device answers again
        if (result.succeeded()) {
            if (result.value() != null) {
                events.reading(id, name, result.value());
            }
            refreshState();
        } else if (result.failure() instanceof MapperException e && e.reason() != MapperException.Reason.UNREACHABLE) {
            LOG.warn("Device {}: property {} cannot be read, left out until the device changes: {}", id, name, e.getMessage());
            unreadable.add(name);
            ScheduledFuture<?> timer = collectTimers.remove(name);
            if (timer != null) {
                timer.cancel(false);
            }
            problems.put("read " + name, "read of " + name + ": " + e.getMessage());
            refreshState();
        } else {
            connectionFailed("read of " + name, result.failure());
            return;
        }
        pump();
    }

    private void planWrites() {
        pendingWrites.clear();
        desired.forEach((name, value) -> {
            boolean writable = spec.property(name).map(PropertySpec::writable).orElse(false);
            boolean inFlight = writing != null && writing.getKey().equals(name) && writing.getValue().equals(value);
            if (writable && !inFlight && !value.equals(events.lastWritten(id, name))) {
                pendingWrites.put(name, value);
            }
        });
    }

    private void write() {
        Map.Entry<String, String> next = pendingWrites.entrySet().iterator().next();
        String name = next.getKey();
        String value = next.getValue();
        pendingWrites.remove(name);
        writing = Map.entry(name, value);
        PropertySpec property = spec.property(name).orElseThrow();
        DeviceConnection connection = opened.connection();
        busy = true;
        calls.call(() -> {
            connection.write(property, value);
            return Boolean.TRUE;
        }, result -> writeDone(name, value, result));
    }

    private void writeDone(String name, String value, CallResult<Boolean> result) {
        if (result.timedOut()) {
            setState(DeviceState.unknown("write of " + name + " timed out"));
            return;
        }
        busy = false;
        writing = null;
        if (closed) {
            release();
            return;
        }
        if (result.succeeded()) {
            LOG.info("Device {}: wrote desired value of {}", id, name);
            events.written(id, name, value);
            problems.remove("write " + name);
            refreshState();
        } else if (result.failure() instanceof MapperException e && e.reason() != MapperException.Reason.UNREACHABLE) {
            LOG.warn("Device {}: desired value of {} refused ({}): {}", id, name, e.reason(), e.getMessage());
            events.written(id, name, value); // not again until the cloud sets another value
            problems.put("write " + name, "write of " + name + " refused: " + e.getMessage());
            refreshState();
        } else {
            connectionFailed("write of " + name, result.failure());
            return;
        }
        pump();
    }

    /** A connect, read or write failed for the whole device: close, report, and try again unless the config is bad. */
    private void connectionFailed(String what, Throwable failure) {
        disconnect();
        if (failure instanceof MapperException e && e.reason() == MapperException.Reason.UNREACHABLE) {
            setState(DeviceState.offline(e.getMessage()));
            scheduleReconnect();
        } else if (failure instanceof MapperException e) {
            LOG.warn("Device {}: {} refused ({}), not retried until the device changes: {}", id, what, e.reason(), e.getMessage());
            setState(DeviceState.unknown(e.getMessage()));
        } else {
            LOG.warn("Device {}: {} failed in mapper {}", id, what, mapper.bundle(), failure);
            setState(DeviceState.unknown(what + " failed: " + failure));
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (!closed && reconnect == null) {
            reconnect = loop.schedule(this::connect, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void disconnect() {
        stopCollecting();
        unreadable.clear();
        problems.clear();
        if (opened != null) {
            calls.close(opened, () -> { });
            opened = null;
        }
    }

    private void stopCollecting() {
        collectTimers.values().forEach(timer -> timer.cancel(false));
        collectTimers.clear();
        dueReads.clear();
    }

    /** Closes the connection: only when no call is in flight. */
    private void release() {
        Opened held = opened;
        opened = null;
        if (held == null) {
            released.complete(null);
        } else {
            calls.close(held, () -> released.complete(null));
        }
    }

    private void refreshState() {
        if (opened == null) {
            return;
        }
        String reason = String.join("; ", problems.values());
        boolean nothingReadable = !spec.properties().isEmpty() && unreadable.size() == spec.properties().size();
        setState(nothingReadable ? DeviceState.unknown(reason) : DeviceState.online(reason));
    }

    private void setState(DeviceState newState) {
        if (!closed && !newState.equals(state)) {
            state = newState;
            events.state(id, newState);
        }
    }
}
