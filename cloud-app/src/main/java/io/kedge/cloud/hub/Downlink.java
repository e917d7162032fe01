package io.kedge.cloud.hub;

import io.kedge.protocol.Message;

/** Sends cloud-initiated messages to connected nodes, in call order per node, without blocking. */
@FunctionalInterface
public interface Downlink {

    /** What became of a message handed to {@link #send}. */
    enum SendResult {
        SENT,
        /** No open session: the message is dropped; the node's next inventory sync repairs it. */
        NOT_CONNECTED,
        /** The node's outgoing queue is full (a slow node): dropped, the caller must resync the node. */
        QUEUE_FULL
    }

    SendResult send(String nodeName, Message message);

    /**
     * Sends the answer to something the node sent. Not counted against the node's window of
     * cloud-initiated messages (a node owed many answers is still a node that asked), but against the
     * bytes its session may leave unwritten: a node that does not read loses its connection.
     */
    default SendResult reply(String nodeName, Message reply) {
        return send(nodeName, reply);
    }
}
