package io.kedge.cloud.hub;

import io.kedge.protocol.Message;
import java.util.List;

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

    /**
     * The {@code response} and {@code error} messages of one frame from the node, in order; each
     * one's parent id names what it answers.
     */
    default void replied(String nodeName, List<Message> replies) {
    }

    /** The ids of the messages one {@code ack} from the node took, each as an empty response would. */
    default void acked(String nodeName, List<String> messageIds) {
    }
}
