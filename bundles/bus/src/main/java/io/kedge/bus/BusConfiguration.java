package io.kedge.bus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge message bus", description = "Queues between edge modules")
@interface BusConfiguration {

    @AttributeDefinition(name = "Queue capacity", description = "Messages kept per group while its handler is absent or slow")
    int queue_capacity() default 10_000;

    @AttributeDefinition(name = "Send timeout (ms)", description = "How long a sender waits for room in a full queue")
    long send_timeout_millis() default 5_000;

    @AttributeDefinition(name = "Retry delay (ms)", description = "Pause before offering a refused message to its handler again")
    long retry_delay_millis() default 1_000;
}
