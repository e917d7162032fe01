package io.kedge.distro;

import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An MQTT app on a node's embedded broker (Paho, QoS 1) that remembers what it received as {@code topic=payload}. */
final class NodeMqttClient implements AutoCloseable {
    private final MqttClient client;
    final List<String> received = new CopyOnWriteArrayList<>();

    private NodeMqttClient(MqttClient client) {
        this.client = client;
    }

    /** The node's broker port, as its launcher seeded {@code DIR/etc/io.kedge.eventbus.cfg}. */
    static int brokerPort(Path nodeData) throws java.io.IOException {
        String config = Files.readString(nodeData.resolve("etc/io.kedge.eventbus.cfg"));
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("(?m)^port=(\\d+)").matcher(config);
        if (!port.find()) {
            throw new java.io.IOException("no port= line in the node's eventbus configuration");
        }
        return Integer.parseInt(port.group(1));
    }

    /**
     * Connects to the node's broker and subscribes to {@code filters}, retrying until the broker is
     * up (a node that just started) or {@code timeout} passes.
     */
    static NodeMqttClient subscribed(Path nodeData, String clientId, Duration timeout, String... filters) {
        NodeMqttClient[] connected = new NodeMqttClient[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            NodeMqttClient client = new NodeMqttClient(new MqttClient("tcp://127.0.0.1:" + brokerPort(nodeData),
                    clientId, new MemoryPersistence()));
            try {
                client.connectAndSubscribe(filters);
            } catch (MqttException e) {
                client.closeQuietly();
                throw e;
            }
            connected[0] = client;
            return true;
        });
        return connected[0];
    }

    private void connectAndSubscribe(String... filters) throws MqttException {
        // Paho's blocking calls wait forever by default: bound them so a dropped connection fails the test
        client.setTimeToWait(30_000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        client.connect(options);
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(filters, qos);
    }

    void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    /** QoS 0: as fast as the connection takes it, nothing waits for an acknowledgement. */
    void publishAtMostOnce(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0, false);
    }

    /** The payload of the first message on {@code topic} containing {@code text}, waiting up to {@code timeout}. */
    String await(String topic, String text, Duration timeout) {
        String[] found = new String[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
            found[0] = received.stream().filter(m -> m.startsWith(topic + "=") && m.contains(text)).findFirst()
                    .map(m -> m.substring(topic.length() + 1)).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private void closeQuietly() {
        try {
            close();
        } catch (MqttException ignored) {
            // never connected
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(1_000, 5_000);
        }
        client.close(true);
    }
}
