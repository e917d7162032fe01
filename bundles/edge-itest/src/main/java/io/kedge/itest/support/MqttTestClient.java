package io.kedge.itest.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** A Paho client that remembers what it received as {@code topic=payload}. */
public final class MqttTestClient implements AutoCloseable {
    private static final String EVENTBUS_PID = "io.kedge.eventbus";

    public final MqttClient client;
    public final List<String> received = new CopyOnWriteArrayList<>();

    private MqttTestClient(MqttClient client) {
        this.client = client;
    }

    /**
     * The node broker's port: the configured one, else a free port configured now and kept (a
     * fixed port, as devices have: a restarted broker must be where they left it).
     */
    public static int brokerPort(ConfigurationAdmin configAdmin) throws IOException {
        Configuration configuration = configAdmin.getConfiguration(EVENTBUS_PID, "?");
        Object configured = configuration.getProperties() == null ? null : configuration.getProperties().get("port");
        if (configured instanceof Integer fixed && fixed > 0) {
            return fixed;
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("port", port);
        configuration.update(properties);
        return port;
    }

    public static MqttTestClient connect(String url, String id, boolean cleanSession) throws MqttException {
        MqttTestClient test = new MqttTestClient(new MqttClient(url, id, new MemoryPersistence()));
        // Paho's blocking calls wait forever by default: bound them so a dropped connection fails the test
        test.client.setTimeToWait(30_000);
        test.client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                test.received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setMaxInflight(1000);
        test.client.connect(options);
        return test;
    }

    /**
     * Connects and subscribes. Moquette 0.17 sometimes takes a SUBSCRIBE that follows CONNACK at
     * once for one on a closed connection and drops the client ("SUBSCRIBE received on already
     * closed connection"); a real client reconnects, and so does this one, a bounded number of times.
     */
    public static MqttTestClient subscribed(String url, String id, boolean cleanSession, String... filters)
            throws MqttException {
        for (int attempt = 1; ; attempt++) {
            MqttTestClient test = connect(url, id, cleanSession);
            try {
                int[] qos = new int[filters.length];
                java.util.Arrays.fill(qos, 1);
                test.client.subscribe(filters, qos);
                return test;
            } catch (MqttException e) {
                test.closeQuietly();
                if (attempt == 3 || e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                    throw e;
                }
            }
        }
    }

    /** The payload of the first message received on {@code topic} that contains {@code text}, waiting up to {@code timeout}. */
    public String await(String topic, String text, Duration timeout) {
        return Poll.valueOf("a message on " + topic + " containing " + text, timeout, () -> received.stream()
                .filter(m -> m.startsWith(topic + "=") && m.contains(text)).findFirst()
                .map(m -> m.substring(topic.length() + 1)).orElse(null));
    }

    public void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // the broker dropped it
        }
    }

    public void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws IOException {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(1_000, 5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            throw new IOException(e);
        }
    }
}
