package io.kedge.cloud.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.Acks;
import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one text frame from a node into the replies to send back: decodes, asks the rule registered
 * for the key's resource type whether this node may send it and hands the message to that type's
 * handler.
 *
 * <p>Everything refused in a frame is logged as one line, and at most one such line per node and
 * interval ({@link NodeLogLimiter}); what the node chose (operation, key, parser complaints quoting
 * its bytes) is escaped with {@link LogSafe}.
 */
final class UpstreamRouter {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRouter.class);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final MessageCodec codec;
    private final UpstreamHandlers handlers;
    private final HeartbeatListener heartbeats;
    private final ProtocolErrorCounter errors;
    private final NodeSessionListener listener;
    private final NodeLogLimiter log;

    UpstreamRouter(MessageCodec codec, UpstreamHandlers handlers, HeartbeatListener heartbeats,
            ProtocolErrorCounter errors, NodeSessionListener listener) {
        this(codec, handlers, heartbeats, errors, listener,
                new NodeLogLimiter(LOG_INTERVAL, System::nanoTime, (line, cause) -> LOG.warn(line, cause)));
    }

    UpstreamRouter(MessageCodec codec, UpstreamHandlers handlers, HeartbeatListener heartbeats,
            ProtocolErrorCounter errors, NodeSessionListener listener, NodeLogLimiter log) {
        this.codec = codec;
        this.handlers = handlers;
        this.heartbeats = heartbeats;
        this.errors = errors;
        this.listener = listener;
        this.log = log;
    }

    /** What went wrong in one frame, for its one log line. */
    private static final class Refusals {
        int count;
        String first;
        Throwable cause;

        void add(String why, Throwable failure) {
            if (count++ == 0) {
                first = why;
            }
            if (cause == null) {
                cause = failure;
            }
        }
    }

    /**
     * Handles every message of a frame in order; the node's answers to the cloud go to the listener
     * together, once per frame.
     *
     * <ul>
     * <li>{@code keepalive}. Sent by: the node, about itself. Touches: only its liveness (and its
     * Lease, through the heartbeat listener).
     * <li>{@code response} and {@code error}. Sent by: the node, answering what the cloud sent it.
     * Touches: the cloud's record of what this node took (the listener matches parent ids against
     * messages sent to this node only).
     * <li>{@code ack}. Sent by: the node, for the objects it stored. Touches: the same record, by the
     * ids it names, within this node's messages.
     * <li>anything else (insert, update, patch, delete, query, upload). Sent by: the node, about a
     * resource key. Touches: what the handler of the key's type allows this node: its
     * {@link Authorization} (registered with it in {@link UpstreamHandlers}) is asked first.
     * </ul>
     *
     * @return the replies for the node, in order; empty when the frame needs none
     */
    List<Message> route(String nodeName, String frame) {
        List<DecodedEntry> entries;
        Refusals refusals = new Refusals();
        try {
            entries = codec.decodeFrame(frame);
        } catch (ProtocolException e) {
            Message reply = refuseUndecodable(nodeName, e.json(), e, refusals);
            logRefusals(nodeName, 1, refusals);
            return List.of(reply);
        }
        List<Message> replies = new ArrayList<>();
        List<Message> answers = new ArrayList<>();
        List<String> acked = new ArrayList<>();
        for (DecodedEntry entry : entries) {
            Message message = entry.message().orElse(null);
            if (message == null) {
                replies.add(refuseUndecodable(nodeName, entry.json(), entry.error().orElseThrow(), refusals));
                continue;
            }
            switch (message.operation()) {
                case Operations.KEEPALIVE -> heartbeats.heartbeat(nodeName);
                case Operations.RESPONSE, Operations.ERROR -> {
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("Node {} answered {}: {}", nodeName, LogSafe.of(message.parentId()),
                                LogSafe.of(message.content()));
                    }
                    answers.add(message);
                }
                case Operations.ACK -> {
                    try {
                        acked.addAll(Acks.ids(message));
                    } catch (ProtocolException e) {
                        replies.add(refuse(nodeName, message, e.getMessage(), refusals));
                    }
                }
                default -> {
                    Message reply = dispatch(nodeName, message, refusals);
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
        logRefusals(nodeName, entries.size(), refusals);
        return replies;
    }

    private void logRefusals(String nodeName, int messages, Refusals refusals) {
        if (refusals.count > 0) {
            log.log(nodeName, "Node " + nodeName + ": refused " + refusals.count + " of " + messages
                    + " messages in a frame, the first: " + LogSafe.of(refusals.first), refusals.cause);
        }
    }

    private Message refuseUndecodable(String nodeName, JsonNode json, ProtocolException error, Refusals refusals) {
        errors.count(nodeName);
        refusals.add(error.getMessage(), null);
        return FrameErrors.forUndecodable(json, error.getMessage());
    }

    private Message dispatch(String nodeName, Message message, Refusals refusals) {
        ResourcePath path;
        try {
            path = ResourcePath.parse(message.resource());
        } catch (ProtocolException e) {
            return refuse(nodeName, message, e.getMessage(), refusals);
        }
        UpstreamHandlers.Route route = handlers.route(path.type()).orElse(null);
        if (route == null) {
            return refuse(nodeName, message, unsupported(path), refusals);
        }
        Optional<String> refusal = route.sentBy().refusal(nodeName, path, message);
        if (refusal.isPresent()) {
            return refuse(nodeName, message, refusal.get(), refusals);
        }
        ResourceHandler handler = route.handler().orElse(null);
        if (handler == null) {
            return refuse(nodeName, message, unsupported(path), refusals);
        }
        Message reply;
        try {
            reply = handler.handle(nodeName, path, message);
        } catch (RuntimeException e) {
            refusals.add("handling " + message.operation() + " " + path + " failed: " + e, e);
            return ErrorReplies.unavailable(message, FrameErrors.SOURCE, "cloud failed: " + e.getMessage());
        }
        if (ResourceTypes.NODE_STATUS.equals(path.type()) && reply != null
                && Operations.RESPONSE.equals(reply.operation())) {
            heartbeats.heartbeat(nodeName);
        }
        return reply;
    }

    private static String unsupported(ResourcePath path) {
        return "unsupported resource type '" + path.type() + "'";
    }

    private Message refuse(String nodeName, Message message, String reason, Refusals refusals) {
        errors.count(nodeName);
        refusals.add(reason, null);
        return Message.errorTo(message, FrameErrors.SOURCE, reason);
    }
}
