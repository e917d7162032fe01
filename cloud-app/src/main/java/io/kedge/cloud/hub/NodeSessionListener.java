package io.kedge.cloud.hub;

import io.kedge.protocol.Message;

/**
 * Told when a node's current session opens or closes and when the node answers something the
 * cloud sent. Called on Jetty or worker threads: implementations must hand off, never block.
 */
public interface NodeSessionListener {
    NodeSessionListener NONE = new NodeSessionListener() { };

    /** @param sessionId tells this session's events from a replaced one's, which may arrive late */
    default void connected(String nodeName, long sessionId) {
    }

    default void disconnected(String nodeName, long sessionId) {
    }

    /** A {@code response} or {@code error} from the node; its parent id names what it answers. */
    default void replied(String nodeName, Message reply) {
    }
}
