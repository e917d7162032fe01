package io.kedge.devicetwin;

import io.kedge.devicetwin.DeviceTopics.DeviceTopic;
import io.kedge.devicetwin.TwinRequests.StateUpdate;
import io.kedge.devicetwin.TwinRequests.TwinUpdate;
import io.kedge.devicetwin.port.CloudDevice;
import io.kedge.devicetwin.port.CloudDevices;
import io.kedge.devicetwin.port.CloudPort;
import io.kedge.devicetwin.port.CloudReport;
import io.kedge.devicetwin.port.MqttPort;
import io.kedge.protocol.LogSafe;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's device twins on KubeEdge's MQTT topics. Everything it is asked to keep is committed to
 * {@link TwinStore} before it answers or returns, then published, then reported to the cloud through
 * {@link CloudPort} (coalesced per device property; a report the port did not take stays queued in
 * the store and is offered again). One lock orders all changes, as KubeEdge's per-device locks do.
 */
final class DeviceTwin implements CloudDevices {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTwin.class);
    private static final int QOS = 1;
    private static final Set<String> STATES = Set.of("online", "offline", "ok", "unknown", "unhealthy");

    private final String nodeName;
    private final TwinStore store;
    /** Set by {@link #close}; guarded by this. */
    private boolean closed;
    private final MqttPort mqtt;
    private final CloudPort cloud;
    private final int maxPayloadBytes;
    private final LongSupplier clock;
    private final Supplier<String> eventIds;
    private final RateLimitedLog dropped;
    private final Map<String, Device> devices;
    /** Pending report keys handed to the cloud port and not answered yet. */
    private final Set<String> inFlight = new HashSet<>();
    private final AtomicBoolean someReportFailed = new AtomicBoolean();

    DeviceTwin(String nodeName, TwinStore store, MqttPort mqtt, CloudPort cloud, int maxPayloadBytes,
            LongSupplier clock, Supplier<String> eventIds) throws SQLException {
        this.nodeName = nodeName;
        this.store = store;
        this.mqtt = mqtt;
        this.cloud = cloud;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
        this.eventIds = eventIds;
        this.dropped = new RateLimitedLog(LOG::warn, 10_000, clock);
        try {
            this.devices = new TreeMap<>(store.loadDevices());
        } catch (io.kedge.sqlite.UnusableDatabase e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    /** The topic filters to subscribe {@link #onMessage} to. */
    List<String> topicFilters() {
        return DeviceTopics.filters(nodeName);
    }

    /** Offers the cloud port every report it has not taken yet (at start, and after a failure). */
    void resendPending() {
        try {
            for (TwinStore.Pending pending : store.pendingReports()) {
                send(pending);
            }
        } catch (SQLException | io.kedge.sqlite.UnusableDatabase e) {
            LOG.warn("Cannot read the reports waiting for the cloud: {}", e.getMessage());
        }
    }

    /**
     * Handles one message of the topics of {@link #topicFilters()}. Any local MQTT client may send
     * them; each touches only the device its topic names (and only a device bound to this node), and
     * membership/get only reads. Bad input gets KubeEdge's error result or is dropped with a log line.
     *
     * @throws IllegalStateException when valid input could not be committed: do not acknowledge it
     */
    void onMessage(String topic, byte[] payload) {
        // (each handler below starts with requireOpen: a message that raced the stop waits for the next instance)
        if (topic.equals(DeviceTopics.node(nodeName, DeviceTopics.MEMBERSHIP_GET))) {
            membershipGet(payload);
            return;
        }
        DeviceTopic target = DeviceTopics.parse(topic);
        if (target == null) {
            dropped.warn("topic", "Dropped a message on " + LogSafe.of(topic) + ": not a topic DeviceTwin answers");
            return;
        }
        switch (target.kind()) {
            case TWIN_UPDATE -> twinUpdate(target.deviceId(), payload);
            case TWIN_GET -> twinGet(target.deviceId(), payload);
            case STATE_UPDATE -> stateUpdate(target.deviceId(), payload);
            default -> throw new IllegalStateException("unhandled " + target.kind());
        }
    }

    private synchronized void twinUpdate(String deviceId, byte[] payload) {
        requireOpen();
        long now = clock.getAsLong();
        String resultTopic = DeviceTopics.device(deviceId, DeviceTopics.TWIN_UPDATE_RESULT);
        if (tooLarge(payload, resultTopic, now)) {
            return;
        }
        TwinUpdate update;
        try {
            update = TwinRequests.twinUpdate(payload);
        } catch (BadRequest e) {
            refuse(resultTopic, "", now, 400, e.getMessage(), deviceId);
            return;
        }
        Device device = devices.get(deviceId);
        if (device == null) {
            refuse(resultTopic, update.eventId(), now, 404, "update rejected due to the device is not existed", deviceId);
            return;
        }
        try {
            applyTwinUpdate(device, update, now);
        } catch (BadRequest e) {
            refuse(resultTopic, update.eventId(), now, 400, e.getMessage(), deviceId);
        }
    }

    /**
     * Values DMI read from a device: the path of a twin/update on MQTT (kept, answered on
     * twin/update/result, published as twin/update/document and delta, reported to the cloud).
     *
     * @throws IllegalArgumentException for a key or value the twin refuses: nothing is kept
     * @throws IllegalStateException    when the device is not held (yet), the store failed or DeviceTwin stops
     */
    synchronized void reportTwins(String deviceId, Map<String, String> reported, long timestamp) {
        requireOpen();
        Device device = devices.get(deviceId);
        if (device == null) {
            throw new IllegalStateException("DeviceTwin does not hold device " + deviceId);
        }
        try {
            applyTwinUpdate(device, TwinRequests.reported(eventIds.get(), reported), timestamp);
        } catch (BadRequest e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** @throws BadRequest when a twin refuses its value: nothing is kept then */
    private void applyTwinUpdate(Device device, TwinUpdate update, long now) throws BadRequest {
        String deviceId = device.id();
        String resultTopic = DeviceTopics.device(deviceId, DeviceTopics.TWIN_UPDATE_RESULT);
        TwinUpdates.Outcome outcome = TwinUpdates.apply(device, update.twins(), now);
        List<TwinStore.Pending> queued = List.of();
        if (outcome.changed()) {
            List<CloudReport> reports = new ArrayList<>();
            outcome.document().keySet().forEach(name -> reports.add(report(outcome.device(), name)));
            try {
                queued = store.save(outcome.device(), reports);
            } catch (SQLException e) {
                publish(resultTopic, TwinMessages.error(update.eventId(), now, 500, "writing the twin failed: " + e.getMessage()));
                throw new IllegalStateException("cannot keep the twin update of device " + deviceId, e);
            }
            devices.put(deviceId, outcome.device());
        }
        publish(resultTopic, TwinMessages.twins(update.eventId(), now, outcome.result()));
        if (outcome.changed()) {
            publish(DeviceTopics.device(deviceId, DeviceTopics.TWIN_UPDATE_DOCUMENT),
                    TwinMessages.document(update.eventId(), now, outcome.document()));
        }
        publishDelta(outcome.device(), now);
        queued.forEach(this::send);
        retryFailedReports();
    }

    private synchronized void twinGet(String deviceId, byte[] payload) {
        requireOpen();
        long now = clock.getAsLong();
        String resultTopic = DeviceTopics.device(deviceId, DeviceTopics.TWIN_GET_RESULT);
        if (tooLarge(payload, resultTopic, now)) {
            return;
        }
        String eventId;
        try {
            eventId = TwinRequests.eventId(payload);
        } catch (BadRequest e) {
            refuse(resultTopic, "", now, 400, "Unmarshal twin info " + shown(payload) + " failed , err: " + e.getMessage(),
                    deviceId);
            return;
        }
        Device device = devices.get(deviceId);
        if (device == null) {
            refuse(resultTopic, eventId, now, 404, "Device " + deviceId + " not found while getting twin", deviceId);
            return;
        }
        publish(resultTopic, TwinMessages.twins(eventId, now, live(device.twins())));
    }

    private synchronized void stateUpdate(String deviceId, byte[] payload) {
        requireOpen();
        long now = clock.getAsLong();
        if (payload.length > maxPayloadBytes) {
            dropped.warn("state", "Dropped a state update of " + payload.length + " bytes for device "
                    + LogSafe.of(deviceId) + ": more than the " + maxPayloadBytes + " allowed");
            return;
        }
        StateUpdate update;
        try {
            update = TwinRequests.stateUpdate(payload);
        } catch (BadRequest e) {
            dropped.warn("state", "Dropped a state update for device " + LogSafe.of(deviceId) + ": " + LogSafe.of(e.getMessage()));
            return;
        }
        Device device = devices.get(deviceId);
        String state = update.state().toLowerCase(Locale.ROOT);
        if (device == null || !STATES.contains(state)) {
            dropped.warn("state", "Dropped a state update for device " + LogSafe.of(deviceId) + ": "
                    + (device == null ? "no such device on this node" : "unknown state " + LogSafe.of(update.state())));
            return;
        }
        applyState(device, update.state(), now);
    }

    /**
     * A device state from DMI: the path of a state/update on MQTT. The reason is logged when the
     * state changes (the twin keeps no reason).
     *
     * @throws IllegalArgumentException for a state DeviceTwin does not know
     * @throws IllegalStateException    when the device is not held (yet), the store failed or DeviceTwin stops
     */
    synchronized void reportState(String deviceId, String state, String reason) {
        requireOpen();
        if (state == null || !STATES.contains(state.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown state " + state);
        }
        Device device = devices.get(deviceId);
        if (device == null) {
            throw new IllegalStateException("DeviceTwin does not hold device " + deviceId);
        }
        if (!state.equals(device.state())) {
            LOG.info("Device {} is {}{}", LogSafe.of(deviceId), state,
                    reason == null || reason.isEmpty() ? "" : ": " + LogSafe.of(reason));
        }
        applyState(device, state, clock.getAsLong());
    }

    private void applyState(Device device, String state, long now) {
        String deviceId = device.id();
        String lowered = state.toLowerCase(Locale.ROOT);
        String lastOnline = lowered.equals("online") || lowered.equals("ok")
                ? Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.SECONDS).toString() : "";
        Device updated = device.withState(state, lastOnline);
        CloudReport report = new CloudReport.State(deviceId, updated.state(), updated.lastOnline());
        List<TwinStore.Pending> queued;
        try {
            queued = store.save(updated, List.of(report));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the state of device " + deviceId, e);
        }
        devices.put(deviceId, updated);
        publish(DeviceTopics.device(deviceId, DeviceTopics.STATE_UPDATE_RESULT),
                TwinMessages.state(eventIds.get(), now, updated));
        queued.forEach(this::send);
        retryFailedReports();
    }

    private synchronized void membershipGet(byte[] payload) {
        requireOpen();
        long now = clock.getAsLong();
        String resultTopic = DeviceTopics.node(nodeName, DeviceTopics.MEMBERSHIP_GET_RESULT);
        if (tooLarge(payload, resultTopic, now)) {
            return;
        }
        try {
            String eventId = TwinRequests.eventId(payload);
            publish(resultTopic, TwinMessages.membership(eventId, now, devices.values()));
        } catch (BadRequest e) {
            refuse(resultTopic, "", now, 400, "Unmarshal get membership info " + shown(payload) + " failed , err: "
                    + e.getMessage(), nodeName);
        }
    }

    /**
     * Stops answering and closes the store, once the message being handled is done. A message that
     * comes after is refused with {@link IllegalStateException} and no answer, so its sender keeps it
     * for the next instance (the bus does).
     */
    synchronized void close() throws SQLException {
        closed = true;
        store.close();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("DeviceTwin is stopping");
        }
    }

    @Override
    public synchronized void upsert(CloudDevice cloudDevice) {
        if (!DeviceTopics.validId(cloudDevice.id())) {
            dropped.warn("cloud", "Left out device " + LogSafe.of(cloudDevice.id()) + " from the cloud: its id cannot "
                    + "stand in an MQTT topic");
            return;
        }
        long now = clock.getAsLong();
        Device held = devices.get(cloudDevice.id());
        CloudSync.Outcome outcome = CloudSync.merge(held, cloudDevice, now);
        outcome.refused().forEach(why -> dropped.warn("cloud", "Device " + LogSafe.of(cloudDevice.id())
                + " from the cloud: left out the " + LogSafe.of(why)));
        if (outcome.device().equals(held)) {
            return;
        }
        try {
            store.save(outcome.device(), List.of());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep device " + cloudDevice.id(), e);
        }
        devices.put(cloudDevice.id(), outcome.device());
        String id = cloudDevice.id();
        // KubeEdge's order: twins, then attributes, then membership
        if (!outcome.desired().isEmpty()) {
            String eventId = eventIds.get();
            publish(DeviceTopics.device(id, DeviceTopics.TWIN_UPDATE_DOCUMENT), TwinMessages.document(eventId, now, outcome.document()));
            publish(DeviceTopics.device(id, DeviceTopics.TWIN_CLOUD_UPDATED), TwinMessages.twins(eventId, now, outcome.desired()));
            publishDelta(outcome.device(), now);
        }
        if (!outcome.attributes().isEmpty()) {
            publish(DeviceTopics.device(id, DeviceTopics.DEVICE_UPDATED), TwinMessages.attributes("", now, outcome.attributes()));
        }
        if (held == null) {
            publish(DeviceTopics.node(nodeName, DeviceTopics.MEMBERSHIP_UPDATED),
                    TwinMessages.membershipUpdated(eventIds.get(), now, List.of(outcome.device()), List.of()));
        }
    }

    @Override
    public synchronized void remove(String deviceId) {
        Device held = devices.get(deviceId);
        if (held == null) {
            return;
        }
        try {
            store.remove(deviceId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove device " + deviceId, e);
        }
        devices.remove(deviceId);
        Device removed = new Device(held.id(), held.name(), held.description(), "", "", Map.of(), Map.of());
        publish(DeviceTopics.node(nodeName, DeviceTopics.MEMBERSHIP_UPDATED),
                TwinMessages.membershipUpdated(eventIds.get(), clock.getAsLong(), List.of(), List.of(removed)));
    }

    @Override
    public synchronized void replaceAll(List<CloudDevice> cloudDevices) {
        Set<String> keep = new HashSet<>();
        for (CloudDevice device : cloudDevices) {
            upsert(device);
            keep.add(device.id());
        }
        for (String id : List.copyOf(devices.keySet())) {
            if (!keep.contains(id)) {
                remove(id);
            }
        }
    }

    /** The devices as held now, by id (for the console and the shell). */
    synchronized Map<String, Device> devices() {
        return Map.copyOf(devices);
    }

    private void publishDelta(Device device, long now) {
        Map<String, Twin> withDesired = new TreeMap<>();
        Map<String, String> delta = new TreeMap<>();
        device.twins().forEach((name, twin) -> {
            if (twin.deleted() || twin.expected() == null || twin.expected().value().isEmpty()) {
                return;
            }
            withDesired.put(name, twin);
            String reported = twin.actual() == null ? "" : twin.actual().value();
            if (!twin.expected().value().equals(reported)) {
                delta.put(name, twin.expected().value());
            }
        });
        if (!delta.isEmpty()) {
            publish(DeviceTopics.device(device.id(), DeviceTopics.TWIN_UPDATE_DELTA),
                    TwinMessages.delta(eventIds.get(), now, withDesired, delta));
        }
    }

    private static Map<String, Twin> live(Map<String, Twin> twins) {
        Map<String, Twin> live = new TreeMap<>();
        twins.forEach((name, twin) -> {
            if (!twin.deleted()) {
                live.put(name, twin);
            }
        });
        return live;
    }

    private static CloudReport report(Device device, String name) {
        Twin twin = device.twins().get(name);
        return new CloudReport.Twin(device.id(), name, twin.type(),
                twin.actual() == null ? null : twin.actual().value(), twin.actual() == null ? 0 : twin.actual().timestamp(),
                twin.expected() == null ? null : twin.expected().value(),
                twin.expected() == null ? 0 : twin.expected().timestamp(),
                version(twin.actualVersion()), version(twin.expectedVersion()));
    }

    private static CloudReport.Version version(Version version) {
        return version == null ? null : new CloudReport.Version(version.cloud(), version.edge());
    }

    private void send(TwinStore.Pending pending) {
        String key = pending.report().key();
        synchronized (inFlight) {
            if (!inFlight.add(key + "@" + pending.seq())) {
                return;
            }
        }
        try {
            cloud.report(key, pending.report()).whenComplete((done, failure) -> {
                synchronized (inFlight) {
                    inFlight.remove(key + "@" + pending.seq());
                }
                if (failure != null) {
                    someReportFailed.set(true);
                    dropped.warn("report", "The cloud port did not take the report " + LogSafe.of(key) + " ("
                            + LogSafe.of(failure.getMessage()) + "); it stays queued and is offered again");
                    return;
                }
                store.reported(key, pending.seq());
            });
        } catch (RuntimeException e) {
            synchronized (inFlight) {
                inFlight.remove(key + "@" + pending.seq());
            }
            someReportFailed.set(true);
            dropped.warn("report", "The cloud port refused the report " + LogSafe.of(key) + ": " + LogSafe.of(e.getMessage()));
        }
    }

    /** Offers the reports again if one was refused since the last try. */
    void retryFailedReports() {
        if (someReportFailed.compareAndSet(true, false)) {
            resendPending();
        }
    }

    private boolean tooLarge(byte[] payload, String resultTopic, long now) {
        if (payload.length <= maxPayloadBytes) {
            return false;
        }
        refuse(resultTopic, "", now, 400, "the payload of " + payload.length + " bytes is larger than the "
                + maxPayloadBytes + " bytes allowed", resultTopic);
        return true;
    }

    private void refuse(String resultTopic, String eventId, long now, int code, String reason, String subject) {
        dropped.warn("refused", "Refused a message for " + LogSafe.of(subject) + " (" + code + "): " + LogSafe.of(reason));
        publish(resultTopic, TwinMessages.error(eventId, now, code, reason));
    }

    private void publish(String topic, byte[] payload) {
        try {
            mqtt.publish(topic, payload, QOS);
        } catch (RuntimeException e) {
            dropped.warn("publish", "Cannot publish to " + LogSafe.of(topic) + ": " + LogSafe.of(e.getMessage()));
        }
    }

    /** A payload quoted in a reason, cut short: a reason is no place for a whole payload. */
    private static String shown(byte[] payload) {
        String text = new String(payload, 0, Math.min(payload.length, 256), StandardCharsets.UTF_8);
        return payload.length > 256 ? text + "..." : text;
    }

}
