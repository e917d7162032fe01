package io.kedge.dmi;

import io.kedge.api.devices.DeviceReadings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A DeviceReadings listener that keeps what it hears, by device and property. */
final class RecordingReadings implements DeviceReadings {
    private final Map<String, List<String>> values = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> pushMethods = new ConcurrentHashMap<>();

    @Override
    public void reading(String deviceId, String property, String value, long timestampMillis, Map<String, Object> pushMethod) {
        String key = deviceId + "/" + property;
        synchronized (this) {
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        pushMethods.put(key, pushMethod);
    }

    synchronized List<String> values(String deviceId, String property) {
        return List.copyOf(values.getOrDefault(deviceId + "/" + property, List.of()));
    }

    Map<String, Object> pushMethod(String deviceId, String property) {
        return pushMethods.getOrDefault(deviceId + "/" + property, Map.of());
    }
}
