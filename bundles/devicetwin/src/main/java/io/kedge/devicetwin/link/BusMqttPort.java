package io.kedge.devicetwin.link;

import io.kedge.api.bus.DeliveryException;
import io.kedge.api.bus.MessageHandler;
import io.kedge.api.mqtt.MqttBridge;
import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.devicetwin.RateLimitedLog;
import io.kedge.devicetwin.port.MqttHandler;
import io.kedge.devicetwin.port.MqttPort;
import io.kedge.devicetwin.port.TopicFilters;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeviceTwin's MQTT: it publishes through the event bus's {@link MqttPublisher} and receives the
 * device and membership topics from the message bus (group {@value MqttBridge#TWIN_GROUP}), where
 * the event bus bridges them: the bus keeps them while DeviceTwin is stopped or being updated, so
 * none is lost across its restart.
 */
@Component(service = MqttPort.class)
public class BusMqttPort implements MqttPort {
    private static final Logger LOG = LoggerFactory.getLogger(BusMqttPort.class);

    private final BundleContext context;
    private final MqttPublisher publisher;
    private final RateLimitedLog failures = new RateLimitedLog(LOG::warn, 10_000, System::currentTimeMillis);
    private final Set<ServiceRegistration<MessageHandler>> registrations = ConcurrentHashMap.newKeySet();

    @Activate
    public BusMqttPort(BundleContext context, @Reference MqttPublisher publisher) {
        this.context = context;
        this.publisher = publisher;
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(BusMqttPort::unregister);
        registrations.clear();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos) {
        publisher.publish(topic, payload, qos, false).whenComplete((done, error) -> {
            if (error != null) {
                failures.warn("publish", "Cannot publish on " + LogSafe.of(topic) + ": " + error.getMessage());
            }
        });
    }

    @Override
    public AutoCloseable subscribe(List<String> topicFilters, MqttHandler handler) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(MessageHandler.GROUP, MqttBridge.TWIN_GROUP);
        ServiceRegistration<MessageHandler> registration = context.registerService(MessageHandler.class,
                message -> deliver(message, topicFilters, handler), properties);
        registrations.add(registration);
        return () -> {
            if (registrations.remove(registration)) {
                unregister(registration);
            }
        };
    }

    /**
     * Sent by: the event bus, for what any local MQTT client published on a bridged topic. Touches:
     * whatever {@code handler} does with it (DeviceTwin checks the device and payload itself).
     */
    private void deliver(Message message, List<String> topicFilters, MqttHandler handler) throws DeliveryException {
        String topic;
        try {
            topic = MqttBridge.topicOf(message.resource());
        } catch (IllegalArgumentException e) {
            failures.warn("resource", "Dropped a bus message whose resource names no MQTT topic: "
                    + LogSafe.of(message.resource()));
            return;
        }
        if (topicFilters.stream().noneMatch(filter -> TopicFilters.matches(filter, topic))) {
            return;
        }
        String text = message.content().isTextual() ? message.content().asText() : message.content().toString();
        try {
            handler.onMessage(topic, text.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            // Valid input that could not be kept (e.g. the disk is full): the bus holds it and offers it again.
            throw new DeliveryException("DeviceTwin could not keep the message on " + topic, e);
        }
    }

    private static void unregister(ServiceRegistration<MessageHandler> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle stopped first
        }
    }
}
