package io.kedge.eventbus;

import io.kedge.api.bus.BusGroup;
import io.kedge.api.bus.DeliveryException;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.bus.MessageHandler;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.metrics.MetricsWriter;
import io.kedge.api.mqtt.MqttBridge;
import io.kedge.api.mqtt.MqttListener;
import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.api.node.NodeDataDirectory;
import io.kedge.protocol.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferenceScope;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's MQTT: starts the embedded broker (or connects to the external one), registers
 * {@link MqttPublisher} once it is usable, delivers received messages to {@link MqttListener}s and
 * bridges KubeEdge's topics to the bus and back. An embedded broker whose port is taken does not
 * fail the component: it keeps trying to bind ({@link RetryingBroker}; metric
 * {@code kedge_mqtt_listening} is 0 meanwhile) and offers the publisher once it listens. Files live in {@code DATA/eventbus}: the broker's
 * store ({@code moquette_store.h2}: sessions, subscriptions, queued QoS 1 messages), or Paho's
 * in-flight messages in external mode.
 */
@Component(service = {MessageHandler.class, MetricsSource.class}, immediate = true,
        configurationPid = EventBusComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@BusGroup(MqttBridge.GROUP)
@Designate(ocd = EventBusConfiguration.class)
public class EventBusComponent implements MessageHandler, MetricsSource {
    static final String PID = "io.kedge.eventbus";
    private static final Logger LOG = LoggerFactory.getLogger(EventBusComponent.class);

    private final Listeners listeners = new Listeners();
    private final ScheduledExecutorService deliveryThread;
    private final Delivery delivery;
    private final KubeEdgeBridge bridge;
    private final boolean bridging;
    private final BrokerLink link;
    private final BundleContext context;
    private final NodePublisher nodePublisher;
    private final AtomicReference<ServiceRegistration<MqttPublisher>> publisher = new AtomicReference<>();

    @Activate
    public EventBusComponent(BundleContext context, EventBusConfiguration config, @Reference MessageBus bus,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) throws IOException {
        this.context = context;
        Path data = Files.createDirectories(NodeDataDirectory.of(context).resolve("eventbus"));
        deliveryThread = executors.newSerialExecutor("eventbus-delivery");
        delivery = new Delivery(deliveryThread, config.delivery_queue(), this::deliver);
        bridging = config.bridge_enabled();
        NodePublisher[] self = new NodePublisher[1];
        bridge = new KubeEdgeBridge(bus, (topic, payload, qos, retain) -> self[0].publish(topic, payload, qos, retain),
                config.bridge_client_rate(), System::nanoTime, this::subscriptionsChanged);
        link = open(config, data, executors, delivery);
        nodePublisher = new NodePublisher(link, config.max_message_bytes());
        self[0] = nodePublisher;
        subscriptionsChanged();
        link.start(this::usable);
    }

    /**
     * Offers {@link MqttPublisher} only once the broker is usable: DeviceTwin needs it to start, so
     * until then the bus keeps the twin messages for it instead of DeviceTwin taking them and
     * failing to publish the answers.
     */
    private void usable(Map<String, Object> properties) {
        publisher.set(context.registerService(MqttPublisher.class, nodePublisher, new Hashtable<>(properties)));
        LOG.info("EventBus ready: {}", properties);
    }

    private static BrokerLink open(EventBusConfiguration config, Path data, NodeExecutors executors, Delivery delivery)
            throws IOException {
        if ("external".equals(config.mode())) {
            String clientId = config.external_client_id().isBlank() ? "kedge-eventbus" : config.external_client_id();
            return new ExternalBroker(config.external_url(), clientId, config.username(), config.password(),
                    Files.createDirectories(data.resolve("paho")), executors.newSerialExecutor("eventbus-external"),
                    delivery::offer);
        }
        if (!"embedded".equals(config.mode())) {
            throw new IllegalArgumentException("mode must be embedded or external, not " + config.mode());
        }
        PasswordAuthenticator authenticator = config.username().isBlank() ? null
                : new PasswordAuthenticator(config.username(), config.password());
        KeystoreSslContext ssl = null;
        if (config.tls_port() >= 0) {
            if (config.tls_keystore().isBlank()) {
                throw new IllegalArgumentException("tls.port is set but tls.keystore names no PKCS12 file");
            }
            ssl = new KeystoreSslContext(Path.of(config.tls_keystore()), config.tls_keystore_password().toCharArray());
        }
        KeystoreSslContext tls = ssl;
        return new RetryingBroker(() -> EmbeddedBroker.start(MoquetteSettings.of(config, data),
                Math.max(1, config.io_threads()), authenticator, tls, delivery::offer),
                executors.newSerialExecutor("eventbus-broker"));
    }

    @Deactivate
    void deactivate() {
        link.stopStarting();
        ServiceRegistration<MqttPublisher> registered = publisher.getAndSet(null);
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters it when our bundle stops first
            }
        }
        link.close();
        // what the broker accepted before it stopped still reaches listeners and the bus
        deliveryThread.shutdown();
        try {
            if (!deliveryThread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{} received MQTT messages were not passed on before the event bus stopped", delivery.queued());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(MqttListener listener, Map<String, Object> properties) {
        listeners.add(listener, properties);
        subscriptionsChanged();
    }

    void removeListener(MqttListener listener) {
        listeners.remove(listener);
        subscriptionsChanged();
    }

    /** Bus group {@value MqttBridge#GROUP}: modules of this node publish on MQTT through it (see {@link KubeEdgeBridge}). */
    @Override
    public void handle(Message message) throws DeliveryException {
        bridge.toMqtt(message);
    }

    @Override
    public void writeTo(MetricsWriter out) {
        out.counter("kedge_mqtt_bridged_total", "MQTT messages passed to the bus", bridge.bridged.get());
        out.counter("kedge_mqtt_published_total", "Bus messages published on MQTT", bridge.published.get());
        out.family("kedge_mqtt_dropped_total", MetricsWriter.Type.COUNTER,
                "MQTT messages not passed on, by reason (the broker still delivered them to its subscribers)");
        out.sample(delivery.dropped(), "reason", "delivery_queue");
        bridge.dropped.forEach((reason, count) -> out.sample(count.get(), "reason", reason));
        out.gauge("kedge_mqtt_delivery_queued", "Received MQTT messages waiting for listeners and the bridge", delivery.queued());
        link.writeTo(out);
    }

    private void deliver(Inbound message) {
        listeners.deliver(message.topic(), message.payload());
        if (bridging) {
            bridge.fromMqtt(message);
        }
    }

    private void subscriptionsChanged() {
        BrokerLink current = link;
        if (current == null) {
            return;
        }
        Set<String> filters = new LinkedHashSet<>(listeners.filters());
        if (bridging) {
            filters.addAll(bridge.filters());
        }
        current.subscribe(filters);
    }
}
