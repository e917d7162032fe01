package io.kedge.devicedata;

import io.kedge.api.mqtt.MqttPublisher;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a reading per {@code pushMethod.mqtt} ({@code topic}, {@code qos}, {@code retained},
 * {@code address}) on the node's broker through {@link MqttPublisher}. The node opens no connection
 * to a broker a Device names: an {@code address} on a loopback host (as KubeEdge's examples write,
 * {@code tcp://127.0.0.1:1883}) or none means the node's broker; any other address is skipped
 * (counted, warned once per property): bridge the node's broker there instead.
 */
final class MqttPush {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPush.class);

    private final Supplier<Optional<MqttPublisher>> publisher;
    private final DataCounters counters;
    private final OnceLog once = new OnceLog(LOG);

    MqttPush(Supplier<Optional<MqttPublisher>> publisher, DataCounters counters) {
        this.publisher = publisher;
        this.counters = counters;
    }

    /** Never blocks: the publish completes later. */
    void push(StoredReading reading, Map<?, ?> mqtt) {
        String key = reading.deviceId() + "/" + reading.property();
        Object topic = mqtt.get("topic");
        if (!(topic instanceof String text) || text.isBlank()) {
            skip(key, "Device {} property {}: pushMethod.mqtt has no topic; nothing is published", reading);
            return;
        }
        Object address = mqtt.get("address");
        if (address instanceof String given && !given.isBlank() && !isLoopback(given)) {
            skip(key, "Device {} property {}: pushMethod.mqtt.address names another broker; the node publishes on its own"
                    + " broker only (bridge it there)", reading);
            return;
        }
        Optional<MqttPublisher> broker = publisher.get();
        if (broker.isEmpty()) {
            counters.mqttFailed.incrementAndGet();
            once.warn(key + "#broker", "Device {} property {}: the node's MQTT broker is not there; readings are not"
                    + " published until it is", reading.deviceId(), reading.property());
            return;
        }
        int qos = mqtt.get("qos") instanceof Number n ? (int) Math.max(0, Math.min(1, n.longValue())) : 0;
        boolean retained = Boolean.TRUE.equals(mqtt.get("retained"));
        try {
            broker.get().publish(text, PushPayload.of(reading), qos, retained).whenComplete((ok, failure) -> {
                if (failure == null) {
                    counters.mqttPublished.incrementAndGet();
                } else {
                    counters.mqttFailed.incrementAndGet();
                    once.warn(key + "#failed", "Device {} property {}: publishing on {} failed: {}", reading.deviceId(),
                            reading.property(), text, failure.toString());
                }
            });
        } catch (RuntimeException e) {
            counters.mqttFailed.incrementAndGet();
            once.warn(key + "#failed", "Device {} property {}: publishing on {} failed: {}", reading.deviceId(),
                    reading.property(), text, e.toString());
        }
    }

    private void skip(String key, String message, StoredReading reading) {
        counters.mqttSkipped.incrementAndGet();
        once.warn(key, message, reading.deviceId(), reading.property());
    }

    /** {@code tcp://127.0.0.1:1883}, {@code localhost:1883}, {@code [::1]:1883} and the like. */
    static boolean isLoopback(String address) {
        String text = address.trim();
        try {
            String host = URI.create(text.contains("://") ? text : "tcp://" + text).getHost();
            if (host == null) {
                return false;
            }
            return host.equalsIgnoreCase("localhost") || host.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")
                    || host.equals("[::1]")
                    || host.equals("::1");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
