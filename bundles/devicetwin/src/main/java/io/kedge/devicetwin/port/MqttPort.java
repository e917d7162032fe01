package io.kedge.devicetwin.port;

import java.util.List;

/**
 * The node's MQTT broker as DeviceTwin sees it. The integrator adapts the eventbus bundle's service
 * to this; tests use an in-memory one.
 */
public interface MqttPort {

    /**
     * Publishes {@code payload} to {@code topic}. Does not wait for subscribers; a broker that is down
     * may throw any runtime exception, which DeviceTwin logs (the twin store is already committed).
     *
     * @param qos 0 or 1
     */
    void publish(String topic, byte[] payload, int qos);

    /**
     * Delivers every message whose topic matches one of {@code topicFilters} (MQTT wildcards
     * {@code +} and {@code #}) to {@code handler} once, on the port's thread, one at a time. One
     * subscription for all filters, so no message arrives while only some of them are subscribed.
     *
     * @return closing it ends the subscription
     */
    AutoCloseable subscribe(List<String> topicFilters, MqttHandler handler);
}
