package io.kedge.metamanager;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge MetaManager", description = "Where the node keeps the objects the cloud sent")
@interface MetaManagerConfiguration {

    @AttributeDefinition(name = "Database path",
            description = "SQLite file; empty means ${kedge.data}/meta.db, or the bundle's data area without kedge.data")
    String database_path() default "";

    @AttributeDefinition(name = "Write retry (s)",
            description = "How often changes that could not be written are tried again")
    int write_retry_seconds() default 10;

    @AttributeDefinition(name = "Busy timeout (ms)",
            description = "How long a write waits for a database locked by someone else before it counts as failed")
    int busy_timeout_millis() default 2_000;
}
