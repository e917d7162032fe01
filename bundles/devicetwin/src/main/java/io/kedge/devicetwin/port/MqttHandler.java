package io.kedge.devicetwin.port;

/** Receives the messages of one {@link MqttPort#subscribe subscription}. */
@FunctionalInterface
public interface MqttHandler {

    /**
     * Handles one message. Returning means it was handled: what it asked to keep is committed to
     * disk, so the port may acknowledge it (PUBACK for QoS 1). Bad input is answered or dropped and
     * still returns normally.
     *
     * @throws RuntimeException only when valid input could not be kept (the twin store failed): the
     *                          port must then NOT acknowledge the message, so the client sends it again
     */
    void onMessage(String topic, byte[] payload);
}
