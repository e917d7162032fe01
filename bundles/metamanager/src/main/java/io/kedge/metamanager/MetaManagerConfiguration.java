package io.kedge.metamanager;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge MetaManager", description = "Where the node keeps the objects the cloud sent and the reports waiting for the cloud")
@interface MetaManagerConfiguration {

    @AttributeDefinition(name = "Database path",
            description = "SQLite file; empty means meta.db in the kedge.data folder, or in the bundle's data area without kedge.data. "
                    + "The outbox, outbox.db, lives beside it")
    String database_path() default "";

    @AttributeDefinition(name = "Write retry (s)",
            description = "How often changes that could not be written are tried again")
    int write_retry_seconds() default 10;

    @AttributeDefinition(name = "Busy timeout (ms)",
            description = "How long a write waits for a database locked by someone else before it counts as failed")
    int busy_timeout_millis() default 2_000;

    @AttributeDefinition(name = "Outbox size (MB)",
            description = "How large outbox.db, the reports waiting for the cloud, may grow; beyond it new reports "
                    + "are refused (the reporter sees the failure) until the cloud acknowledges older ones")
    int outbox_max_megabytes() default 64;

    @AttributeDefinition(name = "Outbox answer timeout (s)",
            description = "How long the cloud may take to acknowledge a report before it is sent again")
    int outbox_answer_timeout_seconds() default 30;

    @AttributeDefinition(name = "Outbox group commit (reports)",
            description = "How many waiting reports one commit to outbox.db takes at most: reports put while a "
                    + "commit is on its way to the disk are committed together, one sync for all; 1 syncs each "
                    + "report on its own")
    int outbox_max_group() default GroupCommit.DEFAULT_MAX_GROUP;
}
