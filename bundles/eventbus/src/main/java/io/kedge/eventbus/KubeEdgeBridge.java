package io.kedge.eventbus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.api.bus.BusFullException;
import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.DeliveryException;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.mqtt.MqttBridge;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KubeEdge's topics on the message bus and back, in the shapes {@link MqttBridge} describes.
 *
 * <p>From MQTT ({@link #fromMqtt}): any client that may connect to the broker can publish on the
 * bridged topics; what it sends reaches DeviceTwin (device and membership topics) or the cloud
 * (upload topics) as text, never interpreted here. Non-UTF-8 payloads and a client's messages
 * beyond its rate are not bridged, with a log line.
 *
 * <p>To MQTT ({@link #toMqtt}): modules of this node send on bus group {@link MqttBridge#GROUP};
 * they may publish on any topic. A message that cannot be published because the broker is away
 * stays on the bus (the bus retries); one that can never be published (bad topic, too large,
 * unknown operation) is dropped with a log line.
 */
final class KubeEdgeBridge {
    private static final Logger LOG = LoggerFactory.getLogger(KubeEdgeBridge.class);
    private static final String SOURCE = MqttBridge.GROUP;
    private static final long FULL_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long PUBLISH_TIMEOUT_SECONDS = 10;

    /** Publishes on MQTT; the node's {@link io.kedge.api.mqtt.MqttPublisher}. */
    interface Publish {
        CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);
    }

    private final MessageBus bus;
    private final Publish publish;
    private final ClientRates rates;
    private final LongSupplier clock;
    private final Runnable filtersChanged;
    private final ThrottledLog warn = new ThrottledLog(LOG);
    private final Set<String> extraFilters = ConcurrentHashMap.newKeySet();
    private volatile List<String> filters = MqttBridge.TOPICS;
    private final ConcurrentHashMap<String, Long> fullUntil = new ConcurrentHashMap<>();
    final AtomicLong bridged = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final ConcurrentHashMap<String, AtomicLong> dropped = new ConcurrentHashMap<>();

    KubeEdgeBridge(MessageBus bus, Publish publish, int clientRate, LongSupplier clock, Runnable filtersChanged) {
        this.bus = bus;
        this.publish = publish;
        this.rates = new ClientRates(clientRate, clock);
        this.clock = clock;
        this.filtersChanged = filtersChanged;
    }

    /** KubeEdge's topics and those added by {@link MqttBridge#OPERATION_SUBSCRIBE}. */
    List<String> filters() {
        return filters;
    }

    /** One received message, on the delivery thread. */
    void fromMqtt(Inbound message) {
        if (message.fromSelf() || filters.stream().noneMatch(f -> TopicFilter.matches(f, message.topic()))) {
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message.payload())).toString();
        } catch (CharacterCodingException e) {
            drop("not_utf8", "MQTT message on {} from client '{}' is not UTF-8 text ({} bytes): not passed to the bus",
                    LogSafe.of(message.topic()), LogSafe.of(message.clientId()), message.payload().length);
            return;
        }
        if (!rates.admit(message.clientId())) {
            drop("client_rate", "MQTT client '{}' publishes faster than the bridge takes from one client: its message on {} is not passed to the bus",
                    LogSafe.of(message.clientId()), LogSafe.of(message.topic()));
            return;
        }
        String topic = message.topic();
        if (topic.startsWith("$hw/events/device/") || topic.startsWith("$hw/events/node/")) {
            send(MqttBridge.TWIN_GROUP, Message.create(SOURCE, MqttBridge.ENVELOPE_GROUP, MqttBridge.resourceOf(topic),
                    MqttBridge.OPERATION_RECEIVED, TextNode.valueOf(text)));
        } else {
            send(BusGroups.HUB, Message.create(SOURCE, MqttBridge.ENVELOPE_GROUP, topic, Operations.UPLOAD,
                    TextNode.valueOf(text)));
        }
    }

    /** A message of bus group {@link MqttBridge#GROUP}. */
    void toMqtt(Message message) throws DeliveryException {
        String operation = message.operation();
        if (MqttBridge.OPERATION_PUBLISH.equals(operation)) {
            publish(message.resource(), payloadOf(message.content()));
        } else if ("message".equals(operation)) {
            // KubeEdge's form: {"message": {"topic": ..., ...}}, published as the whole inner object
            JsonNode inner = message.content().path("message");
            publish(inner.path("topic").asText(""), inner.toString().getBytes(StandardCharsets.UTF_8));
        } else if (MqttBridge.OPERATION_SUBSCRIBE.equals(operation) || MqttBridge.OPERATION_UNSUBSCRIBE.equals(operation)) {
            changeFilter(MqttBridge.OPERATION_SUBSCRIBE.equals(operation), message.resource());
        } else {
            drop("unknown_operation", "Bus message {} for MQTT has unknown operation '{}': dropped",
                    message.id(), LogSafe.of(operation));
        }
    }

    private void publish(String topic, byte[] payload) throws DeliveryException {
        if (!TopicFilter.isValidTopic(topic)) {
            drop("bad_topic", "Bus message for MQTT names no valid topic ('{}'): dropped", LogSafe.of(topic));
            return;
        }
        try {
            publish.publish(topic, payload, 1, false).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            published.incrementAndGet();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                drop("refused", "Bus message for MQTT topic {} refused: {}", LogSafe.of(topic), refused.getMessage());
                return;
            }
            throw new DeliveryException("MQTT publish on " + LogSafe.of(topic) + " failed; kept for a retry", e.getCause());
        } catch (TimeoutException e) {
            throw new DeliveryException("MQTT publish on " + LogSafe.of(topic) + " timed out; kept for a retry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", e);
        }
    }

    private void changeFilter(boolean add, String filter) {
        if (!TopicFilter.isValidFilter(filter)) {
            drop("bad_topic", "Bus message asks to (un)subscribe malformed filter '{}': dropped", LogSafe.of(filter));
            return;
        }
        boolean changed = add ? extraFilters.add(filter) : extraFilters.remove(filter);
        if (changed) {
            Set<String> all = new LinkedHashSet<>(MqttBridge.TOPICS);
            all.addAll(extraFilters);
            filters = List.copyOf(all);
            LOG.info("MQTT messages on {} {} the cloud", LogSafe.of(filter), add ? "now go up to" : "no longer go to");
            filtersChanged.run();
        }
    }

    private void send(String group, Message message) {
        Long pausedUntil = fullUntil.get(group);
        if (pausedUntil != null && clock.getAsLong() - pausedUntil < 0) {
            drop("bus_full", "Bus group '{}' is full: MQTT message on {} dropped", group, LogSafe.of(message.resource()));
            return;
        }
        try {
            bus.send(group, message);
            fullUntil.remove(group);
            bridged.incrementAndGet();
        } catch (BusFullException e) {
            fullUntil.put(group, clock.getAsLong() + FULL_PAUSE_NANOS);
            drop("bus_full", "Bus group '{}' is full ({}): MQTT messages for it are dropped for a while",
                    group, e.getMessage());
        }
    }

    private void drop(String reason, String format, Object... args) {
        dropped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        warn.warn(reason, format, args);
    }

    static byte[] payloadOf(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return new byte[0];
        }
        if (content.isTextual()) {
            return content.textValue().getBytes(StandardCharsets.UTF_8);
        }
        if (content.isBinary()) {
            try {
                return content.binaryValue();
            } catch (IOException e) {
                return new byte[0];
            }
        }
        return content.toString().getBytes(StandardCharsets.UTF_8);
    }
}
