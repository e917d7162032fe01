package io.kedge.mapperdeploy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge mapper deploy", description = "Mapper bundles pushed by the cloud")
@interface MapperDeployConfiguration {

    @AttributeDefinition(name = "Health timeout (s)",
            description = "How long a started mapper has to register a healthy DeviceMapper before it is rolled back")
    int health_timeout_seconds() default 30;

    @AttributeDefinition(name = "Report retry (s)",
            description = "How often an answer the outbox did not take is offered to it again")
    int report_retry_seconds() default 10;
}
