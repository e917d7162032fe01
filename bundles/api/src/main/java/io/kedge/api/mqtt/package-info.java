/**
 * MQTT on the node, the same whether the node embeds its broker or uses one the gateway already
 * runs: {@link io.kedge.api.mqtt.MqttPublisher} publishes, {@link io.kedge.api.mqtt.MqttListener}
 * whiteboard services receive. JDK types only, so device modules need nothing else.
 */
@Export
@Version("1.0.0")
package io.kedge.api.mqtt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
