package io.kedge.eventbus;

import io.kedge.api.metrics.MetricsWriter;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The node's way to MQTT: the embedded broker or a client of an external one. */
interface BrokerLink extends AutoCloseable {

    /**
     * Makes the link usable, now or later: {@code usable} gets the publisher's service properties
     * once, when modules may publish through it.
     *
     * @throws IOException when it can never be usable with this configuration
     */
    default void start(Consumer<Map<String, Object>> usable) throws IOException {
        usable.accept(serviceProperties());
    }

    /** Publishes a checked message (valid topic, size within the limit, QoS 0 or 1). */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

    /** The topic filters the node wants to receive now (an external broker needs subscriptions). */
    void subscribe(Set<String> filters);

    /** Service properties of the publisher: where clients connect. */
    Map<String, Object> serviceProperties();

    /** The link's own figures, if it has any. */
    default void writeTo(MetricsWriter out) {
    }

    /** No later call of {@link #start}'s {@code usable}: returns once none is running. */
    default void stopStarting() {
    }

    @Override
    void close();
}
