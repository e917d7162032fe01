package io.kedge.devicedata;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge device data",
        description = "Every device reading in a local time series, pushed per the property's pushMethod, "
                + "served to local edge apps over REST")
@interface DeviceDataConfiguration {

    @AttributeDefinition(name = "Host", description = "Address the REST API listens on; keep loopback unless apps elsewhere must read device data (there is no authentication)")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "0 picks a free port (logged and published as service property kedge.devicedata.port)")
    int port() default 10560;

    @AttributeDefinition(name = "Retention (hours)", description = "Readings older than this are removed")
    int retention_hours() default 24;

    @AttributeDefinition(name = "Retention (rows)", description = "Readings kept at most; beyond it the oldest go")
    long retention_rows() default 1_000_000;

    @AttributeDefinition(name = "Prune interval (s)", description = "How often retention is applied")
    int prune_seconds() default 60;

    @AttributeDefinition(name = "Flush interval (ms)", description = "Readings are written in one transaction per interval")
    int flush_millis() default 200;

    @AttributeDefinition(name = "Write queue", description = "Readings waiting for a flush at most; beyond it readings are not kept (counted)")
    int write_queue() default 50_000;

    @AttributeDefinition(name = "Default history limit", description = "Readings a history request answers when it gives no limit")
    int history_default_limit() default 100;

    @AttributeDefinition(name = "Max history limit", description = "Largest limit a history request may ask for")
    int history_max_limit() default 10_000;

    @AttributeDefinition(name = "HTTP push timeout (ms)", description = "Timeout of a POST whose pushMethod.http sets none")
    int http_timeout_millis() default 2_000;

    @AttributeDefinition(name = "HTTP push max timeout (ms)", description = "Longest timeout a pushMethod.http may ask for")
    int http_max_timeout_millis() default 10_000;

    @AttributeDefinition(name = "HTTP pushes in flight", description = "POSTs under way at most; readings beyond are not posted (counted)")
    int http_max_in_flight() default 32;

    @AttributeDefinition(name = "Request threads", description = "REST requests handled at once on the node's blocking pool; more wait")
    int request_threads() default 4;
}
