package io.kedge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Every twin/update/document the node's DeviceTwin publishes on its MQTT broker, i.e. every reported
 * value the twin took, with the time it arrived here: {@code $hw/events/device/+/+/twin/update/document}.
 */
final class TwinDocuments implements AutoCloseable {
    static final String TOPIC = "$hw/events/device/+/+/twin/update/document";

    /** One reported value the twin took. */
    record Report(long nanos, String property, String value) {
    }

    final MqttClient mqtt;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<Report>> byDevice = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();

    private TwinDocuments(MqttClient mqtt) {
        this.mqtt = mqtt;
    }

    static TwinDocuments connect(int mqttPort) throws MqttException {
        MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + mqttPort, "bench-twin-documents", new MemoryPersistence());
        mqtt.setTimeToWait(30_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        mqtt.connect(options);
        TwinDocuments documents = new TwinDocuments(mqtt);
        mqtt.subscribe(TOPIC, 1, (topic, message) -> documents.record(topic, message.getPayload()));
        return documents;
    }

    private void record(String topic, byte[] payload) {
        long now = System.nanoTime();
        String[] levels = topic.split("/");
        String device = levels[3] + "/" + levels[4];
        try {
            JsonNode twin = json.readTree(payload).path("twin");
            List<Report> reports = byDevice.computeIfAbsent(device, d -> new ArrayList<>());
            for (Iterator<Map.Entry<String, JsonNode>> it = twin.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue().path("current").path("actual").path("value");
                if (value.isTextual()) {
                    synchronized (reports) {
                        reports.add(new Report(now, field.getKey(), value.asText()));
                    }
                }
            }
        } catch (java.io.IOException e) {
            unreadable.incrementAndGet();
        }
    }

    /** A copy of what {@code device} (namespace/name) reported so far, oldest first. */
    List<Report> of(String device) {
        List<Report> reports = byDevice.getOrDefault(device, List.of());
        synchronized (reports) {
            return new ArrayList<>(reports);
        }
    }

    /** Reports of every device whose id starts with {@code prefix} that arrived in [from, to). */
    long count(String prefix, long fromNanos, long toNanos) {
        long count = 0;
        for (Map.Entry<String, List<Report>> entry : byDevice.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                count += of(entry.getKey()).stream().filter(r -> r.nanos() >= fromNanos && r.nanos() < toNanos).count();
            }
        }
        return count;
    }

    long unreadable() {
        return unreadable.get();
    }

    @Override
    public void close() throws MqttException {
        mqtt.disconnect();
        mqtt.close();
    }
}
