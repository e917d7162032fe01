package io.kedge.api.mqtt;

import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes on the node's MQTT broker (embedded or external, as configured in
 * {@code io.kedge.eventbus}). Registered only while the broker is usable; its service properties
 * {@value #PORT} and {@value #TLS_PORT} tell where local clients connect (embedded mode).
 */
@ProviderType
public interface MqttPublisher {

    /** Service property (Integer): the plain MQTT port clients connect to; absent when disabled or external. */
    String PORT = "kedge.mqtt.port";
    /** Service property (Integer): the MQTT over TLS port; absent when TLS is off or external. */
    String TLS_PORT = "kedge.mqtt.tls.port";
    /** Service property (String): {@code embedded} or {@code external}. */
    String MODE = "kedge.mqtt.mode";

    /**
     * Publishes {@code payload} on {@code topic}.
     *
     * @param qos 0 or 1 (2 is taken as 1: nothing here needs exactly-once)
     * @return completes when the broker holds the message (QoS 1: it is queued for every persistent
     *         subscriber); fails with {@link IllegalArgumentException} for a topic with wildcards,
     *         an empty topic or a payload above the broker's message limit, and with
     *         {@link java.io.IOException} when an external broker cannot be reached (nothing is kept
     *         for later then: the caller decides)
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);
}
