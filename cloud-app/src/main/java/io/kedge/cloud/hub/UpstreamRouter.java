package io.kedge.cloud.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.Acks;
import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one text frame from a node into the replies to send back: decodes, checks that the node only
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

    /**
     * Handles every message of a frame in order; the node's answers to the cloud go to the listener
     * together, once per frame.
     *
     * @return the replies for the node, in order; empty when the frame needs none
     */
    List<Message> route(String nodeName, String frame) {
        List<DecodedEntry> entries;
        try {
            entries = codec.decodeFrame(frame);
        } catch (ProtocolException e) {
            return List.of(refuseUndecodable(nodeName, FrameErrors.readQuietly(frame), e));
        }
        List<Message> replies = new ArrayList<>();
        List<Message> answers = new ArrayList<>();
        List<String> acked = new ArrayList<>();
        for (DecodedEntry entry : entries) {
            Message message = entry.message().orElse(null);
            if (message == null) {
                replies.add(refuseUndecodable(nodeName, entry.json(), entry.error().orElseThrow()));
                continue;
            }
            switch (message.operation()) {
                case Operations.KEEPALIVE -> heartbeats.heartbeat(nodeName);
                case Operations.RESPONSE, Operations.ERROR -> {
                    LOG.debug("Node {} answered {}: {}", nodeName, message.parentId(), message.content());
                    answers.add(message);
                }
                case Operations.ACK -> {
                    try {
                        acked.addAll(Acks.ids(message));
                    } catch (ProtocolException e) {
                        replies.add(refuse(nodeName, message, e.getMessage()));
                    }
                }
                default -> {
                    Message reply = dispatch(nodeName, message);
                    if (reply != null) {
                        replies.add(reply);
                    }
                }
            }
        }
        if (!answers.isEmpty()) {
            listener.replied(nodeName, answers);
        }
        if (!acked.isEmpty()) {
            listener.acked(nodeName, acked);
        }
        return replies;
    }

    private Message refuseUndecodable(String nodeName, JsonNode json, ProtocolException error) {
        errors.count(nodeName);
        LOG.info("Bad frame from node {}: {}", nodeName, error.getMessage());
        return FrameErrors.forUndecodable(json, error.getMessage());
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
