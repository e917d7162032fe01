package io.kedge.dmi;

import io.kedge.api.devices.DeviceReports;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** DeviceTwin as DMI sees it: records every report; can refuse for a while as a stopping DeviceTwin does. */
final class RecordingReports implements DeviceReports {
    /** "deviceId/property" → every value reported, in order. */
    final Map<String, List<String>> twins = new ConcurrentHashMap<>();
    /** deviceId → every "state: reason", in order. */
    final Map<String, List<String>> states = new ConcurrentHashMap<>();
    volatile boolean refusing;

    @Override
    public void reportTwins(String deviceId, Map<String, String> reported, long timestamp) {
        if (refusing) {
            throw new IllegalStateException("DeviceTwin is stopping");
        }
        reported.forEach((property, value) ->
                twins.computeIfAbsent(deviceId + "/" + property, k -> new CopyOnWriteArrayList<>()).add(value));
    }

    @Override
    public void reportState(String deviceId, String state, String reason) {
        if (refusing) {
            throw new IllegalStateException("DeviceTwin is stopping");
        }
        states.computeIfAbsent(deviceId, k -> new CopyOnWriteArrayList<>()).add(state + ": " + reason);
    }

    List<String> values(String key) {
        return twins.getOrDefault(key, List.of());
    }

    String lastValue(String key) {
        List<String> values = values(key);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    String lastState(String deviceId) {
        List<String> all = states.getOrDefault(deviceId, List.of());
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }
}
