package io.kedge.edgehub;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = "io.kedge.edgehub", name = "Kedge EdgeHub", description = "Link from this node to CloudHub")
@interface EdgeHubConfiguration {

    @AttributeDefinition(name = "Cloud URL", description = "CloudHub base URL, e.g. ws://cloud.example:10000")
    String cloud_url() default "ws://127.0.0.1:10000";

    @AttributeDefinition(name = "Project id", description = "First path segment of /{project}/{node}/events")
    String project_id() default "e632aba927ea4ac2b575ec1603d56f10";

    @AttributeDefinition(name = "Keepalive interval (s)")
    int heartbeat_seconds() default 15;

    @AttributeDefinition(name = "Reconnect backoff minimum (ms)")
    long reconnect_min_millis() default 1_000;

    @AttributeDefinition(name = "Reconnect backoff maximum (ms)")
    long reconnect_max_millis() default 60_000;

    @AttributeDefinition(name = "Largest frame accepted (bytes)")
    int max_frame_bytes() default 8 * 1024 * 1024;
}
