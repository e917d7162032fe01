package io.kedge.cloud.devicecontroller;

import io.kedge.protocol.device.DeviceStateReport;
import io.kedge.protocol.device.DeviceTwinReport;
import io.kedge.protocol.device.TwinReport;
import io.kedge.protocol.device.TwinValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node's reports applied to a Device's status as KubeEdge's devicecontroller writes them:
 * {@code status.twins[].reported} from the value read ({@code actual}), {@code observedDesired} from
 * the desired value the node has seen ({@code expected}), each with {@code metadata.timestamp}
 * (ms, as text) and {@code metadata.type}; state and last time online.
 *
 * <p>Only properties the Device declares in {@code spec.properties} get a twin. A value older than
 * the one written already (by its timestamp) is left out, so a late resend never turns a value back.
 */
final class ReportedStatus {
    static final String TIMESTAMP = "timestamp";
    static final String TYPE = "type";

    /** @param unknown properties of the report the device does not declare; nothing was written for them */
    record Outcome(boolean changed, List<String> unknown) {
    }

    private ReportedStatus() {
    }

    static Outcome applyTwins(Device device, DeviceTwinReport report) {
        DeviceStatus status = statusOf(device);
        boolean changed = false;
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, TwinReport> entry : report.twins().entrySet()) {
            String property = entry.getKey();
            if (!declares(device, property)) {
                unknown.add(property);
                continue;
            }
            Twin twin = twinOf(status, property);
            TwinReport reported = entry.getValue();
            TwinProperty newReported = merged(twin.getReported(), reported.actual(), reported.type());
            TwinProperty newObserved = merged(twin.getObservedDesired(), reported.expected(), reported.type());
            changed |= newReported != twin.getReported() || newObserved != twin.getObservedDesired();
            twin.setReported(newReported);
            twin.setObservedDesired(newObserved);
        }
        return new Outcome(changed, List.copyOf(unknown));
    }

    /** @return whether the status changed */
    static boolean applyState(Device device, DeviceStateReport report) {
        DeviceStatus status = statusOf(device);
        String lastOnline = report.lastOnlineTime().isEmpty() ? status.getLastOnlineTime() : report.lastOnlineTime();
        boolean changed = !report.state().equals(status.getState())
                || !Objects.equals(lastOnline, status.getLastOnlineTime());
        status.setState(report.state());
        status.setLastOnlineTime(lastOnline);
        return changed;
    }

    /** The new value, or {@code held} itself when nothing is reported, nothing differs or the report is older. */
    private static TwinProperty merged(TwinProperty held, TwinValue value, String type) {
        if (value == null || isNewer(held, value.timestamp())) {
            return held;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value.timestamp() > 0) {
            metadata.put(TIMESTAMP, Long.toString(value.timestamp()));
        }
        if (!type.isEmpty()) {
            metadata.put(TYPE, type);
        }
        if (held != null && value.value().equals(held.getValue()) && metadata.equals(held.getMetadata())) {
            return held;
        }
        return new TwinProperty(value.value(), metadata);
    }

    private static boolean isNewer(TwinProperty held, long timestamp) {
        if (held == null || held.getMetadata() == null || timestamp <= 0) {
            return false;
        }
        try {
            return Long.parseLong(held.getMetadata().getOrDefault(TIMESTAMP, "0")) > timestamp;
        } catch (NumberFormatException e) {
            return false; // someone else wrote it: the node's value replaces it
        }
    }

    private static boolean declares(Device device, String property) {
        return device.getSpec() != null
                && device.getSpec().getProperties().stream().anyMatch(p -> property.equals(p.getName()));
    }

    private static DeviceStatus statusOf(Device device) {
        if (device.getStatus() == null) {
            device.setStatus(new DeviceStatus());
        }
        return device.getStatus();
    }

    private static Twin twinOf(DeviceStatus status, String property) {
        for (Twin twin : status.getTwins()) {
            if (property.equals(twin.getPropertyName())) {
                return twin;
            }
        }
        Twin twin = new Twin(property);
        status.getTwins().add(twin);
        return twin;
    }
}
