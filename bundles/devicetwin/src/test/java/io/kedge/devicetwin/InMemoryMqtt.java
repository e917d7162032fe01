package io.kedge.devicetwin;

import io.kedge.devicetwin.port.MqttHandler;
import io.kedge.devicetwin.port.MqttPort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A broker in memory: matches topic filters as MQTT does and records what is published. */
final class InMemoryMqtt implements MqttPort {
    record Published(String topic, String payload, int qos) {
    }

    private final Map<String, MqttHandler> subscriptions = new ConcurrentHashMap<>();
    private final List<Published> published = new ArrayList<>();

    @Override
    public synchronized void publish(String topic, byte[] payload, int qos) {
        published.add(new Published(topic, new String(payload, StandardCharsets.UTF_8), qos));
    }

    @Override
    public AutoCloseable subscribe(String topicFilter, MqttHandler handler) {
        subscriptions.put(topicFilter, handler);
        return () -> subscriptions.remove(topicFilter);
    }

    /** Delivers to every matching subscription; returns how many matched. */
    int deliver(String topic, String payload) {
        return deliver(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    int deliver(String topic, byte[] payload) {
        int matched = 0;
        for (Map.Entry<String, MqttHandler> subscription : subscriptions.entrySet()) {
            if (matches(subscription.getKey(), topic)) {
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

    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
