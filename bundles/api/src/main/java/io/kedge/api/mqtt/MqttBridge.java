package io.kedge.api.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * How the event bus carries KubeEdge's MQTT topics on the message bus, as KubeEdge's eventbus does:
 * <ul>
 * <li>Device and membership topics ({@code $hw/events/device/...}, {@code $hw/events/node/...})
 *     go to bus group {@link #TWIN_GROUP}: operation {@link #OPERATION_RECEIVED}, resource
 *     {@link #resourceOf(String) the topic in URL-safe base64}, content the payload as a JSON string.</li>
 * <li>Everything else it subscribes ({@code $hw/events/upload/#}, {@code SYS/dis/upload_records},
 *     {@code +/user/#}) goes to the cloud (bus group {@code hub}): envelope group
 *     {@link #ENVELOPE_GROUP}, operation {@code upload}, resource the topic, content the payload as
 *     a JSON string.</li>
 * <li>Messages sent to bus group {@link #GROUP} with operation {@link #OPERATION_PUBLISH} are
 *     published on MQTT (QoS 1): resource the topic, content the payload (a JSON string as is,
 *     other JSON as its text).</li>
 * </ul>
 * Only payloads that are UTF-8 text are bridged; a client above its rate is not bridged beyond it.
 * Both are logged. The broker's own delivery to MQTT subscribers is never affected.
 */
public final class MqttBridge {
    /** Bus group of the event bus: send here to publish on MQTT. */
    public static final String GROUP = "bus";
    /** Bus group that receives device and membership topics (DeviceTwin serves it). */
    public static final String TWIN_GROUP = "twin";
    /** Envelope group of what goes up to the cloud, as KubeEdge names it. */
    public static final String ENVELOPE_GROUP = "user";
    /** Operation of a message that came in on MQTT for {@link #TWIN_GROUP} (KubeEdge's). */
    public static final String OPERATION_RECEIVED = "response";
    /** Operation that publishes on MQTT. */
    public static final String OPERATION_PUBLISH = "publish";
    /** Operation that adds a topic filter whose messages go up to the cloud. */
    public static final String OPERATION_SUBSCRIBE = "subscribe";
    /** Operation that removes a topic filter added with {@link #OPERATION_SUBSCRIBE}. */
    public static final String OPERATION_UNSUBSCRIBE = "unsubscribe";

    /** The topics bridged to the bus: KubeEdge's (v1.22) with and without the namespace level of device ids. */
    public static final List<String> TOPICS = List.of(
            "$hw/events/upload/#",
            "$hw/events/device/+/state/update",
            "$hw/events/device/+/twin/+",
            "$hw/events/device/+/+/state/update",
            "$hw/events/device/+/+/twin/+",
            "$hw/events/node/+/membership/get",
            "SYS/dis/upload_records",
            "+/user/#");

    private MqttBridge() {
    }

    /** The resource of a {@link #TWIN_GROUP} message for {@code topic}. */
    public static String resourceOf(String topic) {
        return Base64.getUrlEncoder().encodeToString(topic.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The topic a {@link #TWIN_GROUP} message came in on.
     *
     * @throws IllegalArgumentException when {@code resource} is not URL-safe base64
     */
    public static String topicOf(String resource) {
        return new String(Base64.getUrlDecoder().decode(resource), StandardCharsets.UTF_8);
    }
}
