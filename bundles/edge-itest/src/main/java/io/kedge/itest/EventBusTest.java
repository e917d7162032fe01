package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.bus.BusGroup;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.bus.MessageHandler;
import io.kedge.api.mqtt.MqttBridge;
import io.kedge.api.mqtt.MqttListener;
import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.itest.support.MqttTestClient;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The node's MQTT broker in the real framework, with real Paho clients: persistent sessions and
 * queued QoS 1 messages survive an update and a restart of the eventbus bundle, and KubeEdge's
 * topics travel between MQTT and the bus.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class EventBusTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    private int port;
    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void brokerOnAFreePort() throws Exception {
        port = MqttTestClient.brokerPort(configAdmin);
        Poll.until("the broker on port " + port, WAIT, () -> publisherOnPort() != null);
    }

    @AfterEach
    void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        Bundle eventbus = eventbusBundle();
        if (eventbus.getState() != Bundle.ACTIVE) {
            try {
                eventbus.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void queuedQos1MessagesSurviveAnUpdateAndARestartOfTheBundle() throws Exception {
        String topic = "$hw/events/device/sensor-1/twin/update/delta";
        try (MqttTestClient app = MqttTestClient.subscribed(url(), "twin-app", false, topic)) {
            // subscribed: the session keeps the subscription
        }
        publishBatch(topic, 0, 100);

        MqttPublisher before = publisherOnPort();
        eventbusBundle().update();
        Poll.until("a new broker after the update", WAIT, () -> publisherOnPort() != null && publisherOnPort() != before);
        publishBatch(topic, 100, 200);

        eventbusBundle().stop();
        eventbusBundle().start();
        Poll.until("the broker after a restart", WAIT, () -> publisherOnPort() != null);
        publishBatch(topic, 200, 300);

        try (MqttTestClient app = MqttTestClient.connect(url(), "twin-app", false)) {
            Poll.until("all 300 queued messages", WAIT, () -> app.received.size() >= 300);
            assertThat(app.received).containsExactlyElementsOf(
                    IntStream.range(0, 300).mapToObj(i -> topic + "={\"n\":" + i + "}").toList());
        }
    }

    @Test
    void kubeEdgeTopicsReachTheBusAndBusMessagesReachMqtt() throws Exception {
        List<Message> twin = new CopyOnWriteArrayList<>();
        register(MessageHandler.class, twin::add, "kedge.bus.group", MqttBridge.TWIN_GROUP);
        List<String> heard = new CopyOnWriteArrayList<>();
        register(MqttListener.class, (MqttListener) (t, p) -> heard.add(t + "=" + new String(p, StandardCharsets.UTF_8)),
                MqttListener.TOPICS, "$hw/events/device/+/twin/update");

        try (MqttTestClient mapper = MqttTestClient.subscribed(url(), "", true, "$hw/events/device/sensor-2/twin/update/result")) {
            mapper.publish("$hw/events/device/sensor-2/twin/update", "{\"event_id\":\"e1\"}");
            mapper.client.publish("$hw/events/device/sensor-2/twin/update", new byte[] {(byte) 0xFF, (byte) 0xFE}, 1, false);

            Poll.until("the twin update on bus group twin", WAIT, () -> !twin.isEmpty());
            assertThat(MqttBridge.topicOf(twin.get(0).resource())).isEqualTo("$hw/events/device/sensor-2/twin/update");
            assertThat(twin.get(0).content().asText()).isEqualTo("{\"event_id\":\"e1\"}");
            Poll.until("both messages at the listener, the garbage included", WAIT, () -> heard.size() == 2);

            MessageBus bus = context.getService(context.getServiceReference(MessageBus.class));
            bus.send(MqttBridge.GROUP, Message.create("twin", "user", "$hw/events/device/sensor-2/twin/update/result",
                    MqttBridge.OPERATION_PUBLISH, TextNode.valueOf("{\"ok\":true}")));
            Poll.until("the result on MQTT", WAIT, () -> mapper.received.contains(
                    "$hw/events/device/sensor-2/twin/update/result={\"ok\":true}"));
            // the non-UTF-8 payload was not bridged, and nothing else was lost
            assertThat(twin).hasSize(1);
        }
    }

    private void publishBatch(String topic, int from, int to) throws Exception {
        MqttPublisher publisher = publisherOnPort();
        try (MqttTestClient device = MqttTestClient.connect(url(), "mapper-" + from, true)) {
            for (int i = from; i < to; i++) {
                if (i % 2 == 0) {
                    device.publish(topic, "{\"n\":" + i + "}");
                } else {
                    publisher.publish(topic, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), 1, false)
                            .get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private <T> void register(Class<T> type, T service, String key, String value) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        registrations.add(context.registerService(type, service, properties));
    }

    private MqttPublisher publisherOnPort() {
        try {
            for (ServiceReference<MqttPublisher> reference : context.getServiceReferences(MqttPublisher.class,
                    "(" + MqttPublisher.PORT + "=" + port + ")")) {
                return context.getService(reference);
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    private Bundle eventbusBundle() {
        for (Bundle bundle : context.getBundles()) {
            if ("io.kedge.eventbus".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no eventbus bundle");
    }

    private String url() {
        return "tcp://127.0.0.1:" + port;
    }
}
