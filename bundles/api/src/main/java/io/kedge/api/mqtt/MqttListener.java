package io.kedge.api.mqtt;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives messages published on the node's broker whose topic matches one of the filters in its
 * {@value #TOPICS} service property (MQTT filters, {@code +} and {@code #} allowed; see
 * {@link MqttTopics}). Whiteboard: register it as a service; the event bus subscribes for it while
 * it is registered, in embedded and external mode alike.
 *
 * <p>Messages of one listener arrive one at a time, in the order the broker received them. A
 * listener that is not registered at the moment a message arrives does not get it: a module that
 * must not miss messages across its own restart takes them from the message bus instead, where the
 * event bus bridges KubeEdge's topics.
 */
@ConsumerType
public interface MqttListener {

    /** Service property (String or String[]): the topic filters the listener receives. */
    String TOPICS = "kedge.mqtt.topics";

    /**
     * One message. Called on the event bus's delivery thread: return quickly. An exception is
     * logged and the message counts as delivered.
     *
     * @param payload the bytes as published, not necessarily UTF-8 or JSON: a device may send
     *                anything
     */
    void messageArrived(String topic, byte[] payload);
}
