package io.kedge.metaserver;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge MetaServer",
        description = "Kubernetes-style read-only API (list, get, watch) of what the node holds, for edge apps; "
                + "reachable by every local process, so what one client may cost is bounded here")
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

    @AttributeDefinition(name = "Request threads", description = "Threads for requests other than open watches "
            + "(each open watch has its own)")
    int request_threads() default 8;

    @AttributeDefinition(name = "Max body (bytes)", description = "Largest request body (a pod status report); "
            + "larger ones are refused with 413 before they are read")
    int max_body_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Bodies in flight (bytes)", description = "Request body bytes held at once across "
            + "all connections; a body that does not fit is refused with 429")
    long max_body_bytes_in_flight() default 4L * 1024 * 1024;

    @AttributeDefinition(name = "Request timeout (s)", description = "Time a request has to arrive and be answered "
            + "(a watch: to arrive); its connection is closed after it")
    int request_timeout_seconds() default 30;

    @AttributeDefinition(name = "Watch heartbeat (s)", description = "Interval of the space written on an idle "
            + "watch, which finds clients that went away and frees their watch")
    int watch_heartbeat_seconds() default 5;
}
