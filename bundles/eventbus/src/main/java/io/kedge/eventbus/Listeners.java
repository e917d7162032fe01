package io.kedge.eventbus;

import io.kedge.api.mqtt.MqttListener;
import io.kedge.protocol.LogSafe;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered {@link MqttListener}s with their filters; delivers a message to those it matches. */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Adds {@code listener} with the filters of its {@value MqttListener#TOPICS} property; malformed filters are logged and left out. */
    void add(MqttListener listener, Map<String, ?> properties) {
        List<String> filters = new ArrayList<>();
        for (String filter : strings(properties.get(MqttListener.TOPICS))) {
            if (TopicFilter.isValidFilter(filter)) {
                filters.add(filter);
            } else {
                LOG.warn("MQTT listener {} names a malformed topic filter '{}': ignored", listener, LogSafe.of(filter));
            }
        }
        entries.add(new Entry(listener, List.copyOf(filters)));
    }

    void remove(MqttListener listener) {
        entries.removeIf(entry -> entry.listener == listener);
    }

    /** Every filter some listener wants. */
    Set<String> filters() {
        Set<String> all = new LinkedHashSet<>();
        entries.forEach(entry -> all.addAll(entry.filters));
        return all;
    }

    /** Hands the message to each listener with a matching filter, once per listener. */
    void deliver(String topic, byte[] payload) {
        for (Entry entry : entries) {
            if (entry.filters.stream().anyMatch(filter -> TopicFilter.matches(filter, topic))) {
                try {
                    entry.listener.messageArrived(topic, payload);
                } catch (RuntimeException e) {
                    LOG.warn("MQTT listener {} failed on a message of {}", entry.listener, LogSafe.of(topic), e);
                }
            }
        }
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof Iterable<?> iterable) {
            List<String> out = new ArrayList<>();
            iterable.forEach(item -> out.add(String.valueOf(item)));
            return out;
        }
        return List.of();
    }

    private record Entry(MqttListener listener, List<String> filters) {
    }
}
