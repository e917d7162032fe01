package io.kedge.cloud.hub;

import io.kedge.protocol.Message;
import io.kedge.protocol.ResourcePath;

/**
 * Applies what a node sends about one resource type. Runs on a worker thread in the node's order,
 * so it may call Kubernetes and block.
 */
@FunctionalInterface
public interface ResourceHandler {

    /**
     * @return the reply to send back to the node (a response or an error), or null for none
     */
    Message handle(String nodeName, ResourcePath path, Message message);
}
