package io.kedge.eventbus;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The node's way to MQTT: the embedded broker or a client of an external one. */
interface BrokerLink extends AutoCloseable {

    /** Publishes a checked message (valid topic, size within the limit, QoS 0 or 1). */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

    /** The topic filters the node wants to receive now (an external broker needs subscriptions). */
    void subscribe(Set<String> filters);

    /** Service properties of the publisher: where clients connect. */
    Map<String, Object> serviceProperties();

    @Override
    void close();
}
