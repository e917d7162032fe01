package io.kedge.metaserver;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge MetaServer",
        description = "Kubernetes-style read-only API (list, get, watch) of what the node holds, for edge apps")
@interface MetaServerConfiguration {

    @AttributeDefinition(name = "Host", description = "Address to listen on; keep loopback unless apps elsewhere must read the node's objects")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "0 picks a free port (logged and published as service property kedge.metaserver.port)")
    int port() default 10550;

    @AttributeDefinition(name = "Serve secrets", description = "When false, secrets are neither listed nor discoverable")
    boolean secrets_enabled() default false;

    @AttributeDefinition(name = "Max watches", description = "Open watches at most; more are refused with 429")
    int max_watchers() default 100;

    @AttributeDefinition(name = "Watcher queue", description = "Changes pending per watch before a slow client is disconnected")
    int watcher_queue() default 1000;

    @AttributeDefinition(name = "History", description = "Recent changes kept so a watch can resume from a list's resourceVersion")
    int history_size() default 10_000;

    @AttributeDefinition(name = "Watch timeout (s)", description = "Longest watch; clients reconnect after it")
    int watch_timeout_seconds() default 1800;

    @AttributeDefinition(name = "Bookmark interval (s)", description = "BOOKMARK events for clients that allow them")
    int bookmark_seconds() default 60;
}
