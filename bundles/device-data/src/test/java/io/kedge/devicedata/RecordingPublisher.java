package io.kedge.devicedata;

import io.kedge.api.mqtt.MqttPublisher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** An MqttPublisher that keeps what it is asked to publish; it refuses wildcard topics as the broker does. */
final class RecordingPublisher implements MqttPublisher {
    record Published(String topic, String payload, int qos, boolean retain) {
    }

    final List<Published> published = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        if (topic.contains("#") || topic.contains("+")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("wildcards in " + topic));
        }
        published.add(new Published(topic, new String(payload, StandardCharsets.UTF_8), qos, retain));
        return CompletableFuture.completedFuture(null);
    }
}
