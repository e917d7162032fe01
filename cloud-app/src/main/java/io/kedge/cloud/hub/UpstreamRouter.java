package io.kedge.cloud.hub;

import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one text frame from a node into the reply to send back: decodes, checks that the node only
 * touches its own objects and hands the message to the handler of its resource type.
 */
final class UpstreamRouter {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRouter.class);

    /** Resource types whose name is a node name: a node may only write its own. */
    private static final Set<String> NODE_OWNED = Set.of(ResourceTypes.NODE, ResourceTypes.NODE_STATUS,
            ResourceTypes.NODE_PATCH, ResourceTypes.LEASE);

    private final MessageCodec codec;
    private final Map<String, ResourceHandler> handlers;
    private final HeartbeatListener heartbeats;
    private final ProtocolErrorCounter errors;
    private final NodeSessionListener listener;

    UpstreamRouter(MessageCodec codec, Map<String, ResourceHandler> handlers, HeartbeatListener heartbeats,
            ProtocolErrorCounter errors, NodeSessionListener listener) {
        this.codec = codec;
        this.handlers = Map.copyOf(handlers);
        this.heartbeats = heartbeats;
        this.errors = errors;
        this.listener = listener;
    }

    /** @return the reply for the node, or null when the frame needs none */
    Message route(String nodeName, String frame) {
        Message message;
        try {
            message = codec.decode(frame);
        } catch (ProtocolException e) {
            errors.count(nodeName);
            LOG.info("Bad frame from node {}: {}", nodeName, e.getMessage());
            return FrameErrors.forUndecodable(frame, e.getMessage());
        }
        switch (message.operation()) {
            case Operations.KEEPALIVE -> {
                heartbeats.heartbeat(nodeName);
                return null;
            }
            case Operations.RESPONSE, Operations.ERROR -> {
                LOG.debug("Node {} answered {}: {}", nodeName, message.parentId(), message.content());
                listener.replied(nodeName, message);
                return null;
            }
            default -> {
                return dispatch(nodeName, message);
            }
        }
    }

    private Message dispatch(String nodeName, Message message) {
        ResourcePath path;
        try {
            path = ResourcePath.parse(message.resource());
        } catch (ProtocolException e) {
            return refuse(nodeName, message, e.getMessage());
        }
        if (NODE_OWNED.contains(path.type()) && !path.name().equals(nodeName)) {
            LOG.warn("Node {} tried to {} {}: refused", nodeName, message.operation(), path);
            return refuse(nodeName, message, ProtocolException.Reason.FORBIDDEN + ": node " + nodeName
                    + " may not " + message.operation() + " " + path);
        }
        ResourceHandler handler = handlers.get(path.type());
        if (handler == null) {
            return refuse(nodeName, message, "unsupported resource type '" + path.type() + "'");
        }
        Message reply;
        try {
            reply = handler.handle(nodeName, path, message);
        } catch (RuntimeException e) {
            LOG.warn("Handling {} from node {} failed", message, nodeName, e);
            return ErrorReplies.unavailable(message, FrameErrors.SOURCE, "cloud failed: " + e.getMessage());
        }
        if (ResourceTypes.NODE_STATUS.equals(path.type()) && reply != null
                && Operations.RESPONSE.equals(reply.operation())) {
            heartbeats.heartbeat(nodeName);
        }
        return reply;
    }

    private Message refuse(String nodeName, Message message, String reason) {
        errors.count(nodeName);
        return Message.errorTo(message, FrameErrors.SOURCE, reason);
    }
}
