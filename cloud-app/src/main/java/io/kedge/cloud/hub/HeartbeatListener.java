package io.kedge.cloud.hub;

/** Told, on a worker thread, each time a node shows it is alive (keepalive or node status). */
@FunctionalInterface
public interface HeartbeatListener {
    void heartbeat(String nodeName);
}
