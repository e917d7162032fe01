package io.kedge.devicetwin;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge DeviceTwin", description = "Device twins on KubeEdge's MQTT topics")
@interface DeviceTwinConfiguration {

    @AttributeDefinition(name = "Max payload (bytes)",
            description = "Larger twin and membership requests get an error result unread; larger state updates are dropped")
    int max_payload_bytes() default 64 * 1024;

    @AttributeDefinition(name = "Busy timeout (ms)",
            description = "How long a write waits for twin.db locked by someone else before it counts as failed")
    int busy_timeout_millis() default 2_000;

    @AttributeDefinition(name = "Report retry (s)",
            description = "How often reports the outbox did not take are offered to it again")
    int report_retry_seconds() default 10;
}
