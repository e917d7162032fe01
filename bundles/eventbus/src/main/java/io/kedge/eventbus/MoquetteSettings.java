package io.kedge.eventbus;

import java.nio.file.Path;
import java.util.Properties;

/** Moquette's configuration from ours: what we need on, what calls home or costs threads off. */
final class MoquetteSettings {
    private MoquetteSettings() {
    }

    static Properties of(EventBusConfiguration config, Path dataPath) {
        Properties p = new Properties();
        p.setProperty("host", config.bind());
        p.setProperty("port", config.port() < 0 ? "disabled" : Integer.toString(config.port()));
        if (config.tls_port() >= 0) {
            p.setProperty("ssl_port", Integer.toString(config.tls_port()));
        }
        p.setProperty("allow_anonymous", Boolean.toString(config.username().isBlank()));
        // KubeEdge mappers and many device SDKs connect with an empty client id
        p.setProperty("allow_zero_byte_client_id", "true");
        // no internet here, and nothing of the node goes elsewhere unasked
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        // sessions, subscriptions and queued QoS 1 messages survive a restart of the bundle or node
        p.setProperty("persistence_enabled", "true");
        p.setProperty("persistent_queue_type", "h2");
        p.setProperty("data_path", dataPath.toAbsolutePath().toString());
        // what a crash may lose: the last second of queue changes (a clean stop commits all)
        p.setProperty("autosave_interval", "1");
        // Moquette drops QoS 1 publishes when a session loop's queue is full (1024 by default)
        p.setProperty("session_queue_size", Integer.toString(config.session_queue_size()));
        p.setProperty("netty.mqtt.message_size", Integer.toString(config.max_message_bytes()));
        // one interceptor thread: messages reach our listeners in the order the broker got them
        p.setProperty("intercept.thread_pool.size", "1");
        p.setProperty("netty.epoll", "false");
        return p;
    }
}
