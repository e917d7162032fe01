package io.kedge.eventbus;

import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.protocol.LogSafe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kedge as a client of a broker the gateway already runs (KubeEdge's external mode), with a
 * persistent session (clean session off, QoS 1 subscriptions), so what devices publish while the
 * node is restarting waits in that broker. Paho keeps its unacknowledged publishes in files under
 * the node's data folder. Paho runs its own threads (receiver, sender, callback, ping timer): they
 * block on the socket, so they cannot be the node's shared ones.
 */
final class ExternalBroker implements BrokerLink {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalBroker.class);
    private static final long MAX_RETRY_SECONDS = 60;

    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final ScheduledExecutorService timers;
    private final Set<String> subscribed = new HashSet<>();
    private Set<String> wanted = Set.of();
    private long retrySeconds = 1;
    private volatile boolean closed;

    ExternalBroker(String url, String clientId, String username, String password, Path dataPath,
            ScheduledExecutorService timers, Consumer<Inbound> inbound) throws IOException {
        this.timers = timers;
        try {
            client = new MqttAsyncClient(url, clientId, new MqttDefaultFilePersistence(dataPath.toString()));
        } catch (MqttException | IllegalArgumentException e) {
            throw new IOException("cannot use external MQTT broker " + url + ": " + e.getMessage(), e);
        }
        options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxInflight(1000);
        options.setKeepAliveInterval(30);
        if (!username.isBlank()) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                LOG.info("Connected to external MQTT broker {}{}", serverURI, reconnect ? " again" : "");
                timers.execute(() -> resubscribe());
            }

            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("Lost the external MQTT broker ({}); reconnecting", cause.toString());
                timers.execute(() -> subscribed.clear());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbound.accept(new Inbound(Inbound.UNKNOWN, topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        timers.execute(this::connect);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.publish(topic, payload, qos, retain, null, completing(done));
        } catch (MqttException e) {
            done.completeExceptionally(new IOException("external MQTT broker: " + e.getMessage(), e));
        }
        return done;
    }

    @Override
    public void subscribe(Set<String> filters) {
        Set<String> copy = Set.copyOf(filters);
        timers.execute(() -> {
            wanted = copy;
            resubscribe();
        });
    }

    @Override
    public Map<String, Object> serviceProperties() {
        return Map.of(MqttPublisher.MODE, "external");
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            LOG.debug("Disconnecting from the external MQTT broker: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("Closing the MQTT client: {}", e.toString());
        }
    }

    /** The first connection; Paho reconnects by itself only after one succeeded. On the timer executor. */
    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    retrySeconds = 1;
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    LOG.warn("External MQTT broker {} not reachable ({}); next try in {} s",
                            client.getServerURI(), failure.toString(), retrySeconds);
                    timers.schedule(ExternalBroker.this::connect, retrySeconds, TimeUnit.SECONDS);
                    retrySeconds = Math.min(MAX_RETRY_SECONDS, retrySeconds * 2);
                }
            });
        } catch (MqttException e) {
            LOG.warn("Connecting to external MQTT broker {}: {}", client.getServerURI(), e.toString());
            timers.schedule(this::connect, retrySeconds, TimeUnit.SECONDS);
        }
    }

    /** Brings the broker's subscriptions to what the node wants. On the timer executor. */
    private void resubscribe() {
        if (closed || !client.isConnected()) {
            return;
        }
        for (String filter : wanted) {
            if (subscribed.add(filter)) {
                try {
                    client.subscribe(filter, 1);
                } catch (MqttException e) {
                    subscribed.remove(filter);
                    LOG.warn("Subscribing to {} on the external MQTT broker: {}", LogSafe.of(filter), e.toString());
                }
            }
        }
        for (String filter : Set.copyOf(subscribed)) {
            if (!wanted.contains(filter)) {
                subscribed.remove(filter);
                try {
                    client.unsubscribe(filter);
                } catch (MqttException e) {
                    LOG.debug("Unsubscribing {}: {}", LogSafe.of(filter), e.toString());
                }
            }
        }
    }

    private static IMqttActionListener completing(CompletableFuture<Void> done) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                done.completeExceptionally(new IOException("external MQTT broker: " + failure, failure));
            }
        };
    }
}
