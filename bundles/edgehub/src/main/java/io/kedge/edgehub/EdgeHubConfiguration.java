package io.kedge.edgehub;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(pid = "io.kedge.edgehub", name = "Kedge EdgeHub", description = "Link from this node to CloudHub")
// No join token here: a configuration is kept (and FileInstall writes it to etc/*.cfg) for the node's
// life, the token only until the node has joined. It comes in certs/join.token (JoinTokenFile).
@interface EdgeHubConfiguration {

    @AttributeDefinition(name = "Cloud URL", description = "CloudHub base URL: wss://HOST:10000 (TLS, this node's "
            + "certificate) or ws://HOST:10000 (unencrypted; only for a cloud started with --insecure)")
    String cloud_url() default "wss://127.0.0.1:10000";

    @AttributeDefinition(name = "Certificate server URL", required = false,
            description = "Where the node gets and renews its certificate; empty means https://<cloud host>:10002")
    String cert_url() default "";

    @AttributeDefinition(name = "Certificate directory", required = false,
            description = "Holds ca.crt, node.crt and node.key, and join.token until the node has joined; "
                    + "empty means certs/ in the node's data folder (io.kedge.node's data.dir)")
    String certs_dir() default "";

    @AttributeDefinition(name = "Renewal point", min = "0.1", max = "0.95",
            description = "Renew the node certificate once this fraction of its lifetime has passed")
    double renew_fraction() default 0.8;

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
