package io.kedge.devicedata;

import io.kedge.api.devices.DeviceReadings;
import java.util.Map;

/**
 * Takes every reading DMI hands over: keeps it in the time series (batched by the {@link Recorder})
 * and pushes it per the property's {@code pushMethod} ({@code mqtt}, {@code http}; {@code dbMethod}
 * and {@code otel} name external databases and collectors the node does not write to: the local
 * time series keeps every reading whatever the pushMethod says). Never blocks on I/O.
 */
final class DeviceData implements DeviceReadings {
    private final Recorder recorder;
    private final MqttPush mqtt;
    private final HttpPush http;

    DeviceData(Recorder recorder, MqttPush mqtt, HttpPush http) {
        this.recorder = recorder;
        this.mqtt = mqtt;
        this.http = http;
    }

    @Override
    public void reading(String deviceId, String property, String value, long timestampMillis, Map<String, Object> pushMethod) {
        StoredReading reading = new StoredReading(deviceId, property, value, timestampMillis);
        recorder.offer(reading);
        if (pushMethod.get("mqtt") instanceof Map<?, ?> target) {
            mqtt.push(reading, target);
        }
        if (pushMethod.get("http") instanceof Map<?, ?> target) {
            http.push(reading, target);
        }
    }
}
