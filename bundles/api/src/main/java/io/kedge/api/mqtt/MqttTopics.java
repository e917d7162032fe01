package io.kedge.api.mqtt;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares on an {@link MqttListener} component the topic filters it receives: produces the
 * service property {@value MqttListener#TOPICS}.
 *
 * <pre>{@code
 * @Component(service = MqttListener.class)
 * @MqttTopics({"$hw/events/device/+/twin/update", "$hw/events/node/+/membership/get"})
 * public class TwinUpdates implements MqttListener { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MqttTopics {
    /** Prepended to the name DS derives from this annotation's name: {@code kedge.mqtt.topics}. */
    String PREFIX_ = "kedge.";

    /** MQTT topic filters. */
    String[] value();
}
