package io.kedge.eventbus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The embedded broker wired as the component wires it, with a recording bus instead of the node's. */
final class BrokerFixture implements AutoCloseable {
    final RecordingBus bus = new RecordingBus();
    final List<Inbound> delivered = new CopyOnWriteArrayList<>();
    final EventBusConfiguration config;
    final KubeEdgeBridge bridge;
    final EmbeddedBroker broker;
    final NodePublisher publisher;
    private final ExecutorService deliveryThread = Executors.newSingleThreadExecutor();

    BrokerFixture(Path data, Map<String, Object> overrides) throws IOException {
        config = ConfigValues.of(merge(overrides));
        NodePublisher[] self = new NodePublisher[1];
        bridge = new KubeEdgeBridge(bus, (t, p, q, r) -> self[0].publish(t, p, q, r), config.bridge_client_rate(),
                System::nanoTime, () -> { });
        Delivery delivery = new Delivery(deliveryThread, config.delivery_queue(), message -> {
            delivered.add(message);
            bridge.fromMqtt(message);
        });
        PasswordAuthenticator auth = config.username().isBlank() ? null
                : new PasswordAuthenticator(config.username(), config.password());
        KeystoreSslContext ssl = config.tls_port() < 0 ? null
                : new KeystoreSslContext(Path.of(config.tls_keystore()), config.tls_keystore_password().toCharArray());
        broker = EmbeddedBroker.start(MoquetteSettings.of(config, data), config.io_threads(), auth, ssl, delivery::offer);
        publisher = new NodePublisher(broker, config.max_message_bytes());
        self[0] = publisher;
    }

    private static Map<String, Object> merge(Map<String, Object> overrides) {
        java.util.HashMap<String, Object> all = new java.util.HashMap<>(Map.of("port", 0));
        all.putAll(overrides);
        return all;
    }

    String url() {
        return "tcp://127.0.0.1:" + broker.port();
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
        deliveryThread.shutdown();
        deliveryThread.awaitTermination(5, TimeUnit.SECONDS);
    }
}
