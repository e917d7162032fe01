package io.kedge.eventbus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Kedge EventBus",
        description = "The node's MQTT broker: embedded (Moquette) or an external one Kedge connects to")
@interface EventBusConfiguration {

    @AttributeDefinition(name = "Mode", description = "embedded: Kedge runs the broker; external: Kedge is a client of external.url",
            options = {@Option(value = "embedded"), @Option(value = "external")})
    String mode() default "embedded";

    @AttributeDefinition(name = "Bind address", description = "Where the embedded broker listens")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "Plain MQTT port of the embedded broker; 0 picks a free one, -1 disables plain MQTT")
    int port() default 1883;

    @AttributeDefinition(name = "User name", description = "Embedded: the only user clients may connect as (anonymous clients are refused when set). External: the user Kedge connects as", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "TLS port", description = "MQTT over TLS port of the embedded broker; -1 off, 0 picks a free one")
    int tls_port() default -1;

    @AttributeDefinition(name = "TLS keystore", description = "PKCS12 file with the broker's key and certificate (needed when the TLS port is on)", required = false)
    String tls_keystore() default "";

    @AttributeDefinition(name = "TLS keystore password", type = AttributeType.PASSWORD, required = false)
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "Largest message (bytes)", description = "A client sending a bigger MQTT packet is disconnected (logged); nothing else is affected")
    int max_message_bytes() default 256 * 1024;

    @AttributeDefinition(name = "Session queue size", description = "Commands each broker session loop keeps; Moquette drops QoS 1 publishes beyond it, so it is large")
    int session_queue_size() default 65_536;

    @AttributeDefinition(name = "Network threads", description = "Netty event loop threads of the embedded broker (plus one that accepts connections)")
    int io_threads() default 1;

    @AttributeDefinition(name = "External broker URL", description = "tcp://host:port or ssl://host:port, used in external mode")
    String external_url() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "External client id", description = "Client id of Kedge's persistent session on the external broker; empty: kedge-eventbus", required = false)
    String external_client_id() default "";

    @AttributeDefinition(name = "Bridge KubeEdge topics", description = "Pass KubeEdge's device and upload topics to the message bus, and bus messages of group 'bus' to MQTT")
    boolean bridge_enabled() default true;

    @AttributeDefinition(name = "Bridged messages per client per second", description = "Beyond this a client's messages still reach MQTT subscribers but are not passed to the bus (logged)")
    int bridge_client_rate() default 500;

    @AttributeDefinition(name = "Messages waiting for delivery", description = "Received messages waiting for listeners and the bridge; beyond, new ones are dropped for them (logged)")
    int delivery_queue() default 50_000;
}
