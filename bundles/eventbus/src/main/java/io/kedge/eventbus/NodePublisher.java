package io.kedge.eventbus;

import io.kedge.api.mqtt.MqttPublisher;
import java.util.concurrent.CompletableFuture;

/** The {@link MqttPublisher} service: checks what modules ask, then hands it to the broker link. */
final class NodePublisher implements MqttPublisher {
    private final BrokerLink link;
    private final int maxMessageBytes;

    NodePublisher(BrokerLink link, int maxMessageBytes) {
        this.link = link;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        if (!TopicFilter.isValidTopic(topic)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a topic one may publish on: " + topic));
        }
        if (payload == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no payload"));
        }
        // the packet also carries the topic and a few bytes of header
        if (payload.length + topic.length() * 3 + 16 > maxMessageBytes) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "payload of " + payload.length + " bytes is above the broker's limit of " + maxMessageBytes));
        }
        if (qos < 0 || qos > 2) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("QoS " + qos));
        }
        return link.publish(topic, payload, Math.min(qos, 1), retain);
    }
}
