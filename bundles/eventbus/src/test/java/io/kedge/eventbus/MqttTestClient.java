package io.kedge.eventbus;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A Paho client for tests: remembers what it received and why it lost its connection. */
final class MqttTestClient implements AutoCloseable {
    final MqttClient client;
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> lost = new AtomicReference<>();
    private MqttConnectOptions options;

    private MqttTestClient(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        // Paho's blocking calls wait forever by default; a connection the broker drops mid-write
        // must fail the test, not hang the build
        client.setTimeToWait(30_000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.set(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    static MqttTestClient connect(String url, String clientId, boolean cleanSession) throws MqttException {
        return connect(url, clientId, cleanSession, null, null, null);
    }

    static MqttTestClient connect(String url, String clientId, boolean cleanSession, String user, String password,
            SSLSocketFactory tls) throws MqttException {
        MqttTestClient test = new MqttTestClient(url, clientId);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setMaxInflight(1000);
        options.setConnectionTimeout(10);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        if (tls != null) {
            options.setSocketFactory(tls);
            options.setHttpsHostnameVerificationEnabled(false);
        }
        test.options = options;
        test.client.connect(options);
        return test;
    }

    /**
     * Subscribes at QoS 1. Moquette 0.17 sometimes takes a SUBSCRIBE that follows CONNACK at once
     * for one on a closed connection and drops the client ("SUBSCRIBE received on already closed
     * connection"); a real client reconnects, and so does this one, a bounded number of times.
     */
    void subscribe(String filter) throws MqttException {
        for (int attempt = 1; ; attempt++) {
            try {
                client.subscribe(filter, 1);
                return;
            } catch (MqttException e) {
                if (attempt == 3 || e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                    throw e;
                }
                lost.set(null);
                client.connect(options);
            }
        }
    }

    void publish(String topic, String payload, int qos) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(1_000, 5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing a client the broker already dropped
        }
    }
}
