package io.kedge.devicetwin;

import io.kedge.devicetwin.port.MqttHandler;
import io.kedge.devicetwin.port.MqttPort;
import io.kedge.devicetwin.port.TopicFilters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A broker in memory: matches topic filters as MQTT does and records what is published. */
final class InMemoryMqtt implements MqttPort {
    record Published(String topic, String payload, int qos) {
    }

    private final Map<List<String>, MqttHandler> subscriptions = new ConcurrentHashMap<>();
    private final List<Published> published = new ArrayList<>();

    @Override
    public synchronized void publish(String topic, byte[] payload, int qos) {
        published.add(new Published(topic, new String(payload, StandardCharsets.UTF_8), qos));
    }

    @Override
    public AutoCloseable subscribe(List<String> topicFilters, MqttHandler handler) {
        subscriptions.put(topicFilters, handler);
        return () -> subscriptions.remove(topicFilters);
    }

    /** Delivers to every matching subscription; returns how many matched. */
    int deliver(String topic, String payload) {
        return deliver(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    int deliver(String topic, byte[] payload) {
        int matched = 0;
        for (Map.Entry<List<String>, MqttHandler> subscription : subscriptions.entrySet()) {
            if (subscription.getKey().stream().anyMatch(filter -> TopicFilters.matches(filter, topic))) {
                subscription.getValue().onMessage(topic, payload);
                matched++;
            }
        }
        return matched;
    }

    synchronized List<Published> published() {
        return List.copyOf(published);
    }

    synchronized List<Published> on(String topic) {
        return published.stream().filter(p -> p.topic().equals(topic)).toList();
    }

    synchronized String last(String topic) {
        List<Published> on = on(topic);
        return on.isEmpty() ? null : on.get(on.size() - 1).payload();
    }

    synchronized void clear() {
        published.clear();
    }
}
