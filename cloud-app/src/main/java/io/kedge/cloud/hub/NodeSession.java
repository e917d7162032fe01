package io.kedge.cloud.hub;

import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of one edge node. Jetty calls it on its own threads: it only records
 * liveness there and hands frames to the node's serial worker queue. Public only because Jetty
 * invokes the listener methods through method handles.
 *
 * <p>What a node has sent and the cloud has not applied yet is bounded by frames and by bytes,
 * counted over the node's sessions together (they share one inbox): a node that sends faster than
 * Kubernetes takes it is closed with {@link CloseCodes#TRY_AGAIN_LATER}, once, and what it sent before
 * is still applied.
 */
public final class NodeSession implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);
    /** Frames of a node received but not yet applied; beyond this it floods faster than Kubernetes takes it. */
    private static final int MAX_BACKLOG = 1000;

    /** What every session of the hub shares. */
    record Services(NodeInboxes inboxes, UpstreamRouter router, MessageCodec codec, SessionRegistry registry,
            NodeSessionListener listener, Executor writers, HubSettings settings, ProcessErrors errors) {
    }

    private final String nodeName;
    private final String projectId;
    private final long sessionId;
    private final Services services;
    private final AtomicBoolean refused = new AtomicBoolean();
    private volatile Session session;
    private volatile FrameWriter writer;
    /** The node's inbox, shared with its previous and next sessions; set when the session opens. */
    private volatile SerialExecutor inbox;
    private volatile long lastSeenNanos = System.nanoTime();

    NodeSession(String nodeName, String projectId, long sessionId, Services services) {
        this.nodeName = nodeName;
        this.projectId = projectId;
        this.sessionId = sessionId;
        this.services = services;
    }

    String nodeName() {
        return nodeName;
    }

    long silentNanos(long now) {
        return now - lastSeenNanos;
    }

    @Override
    public void onWebSocketOpen(Session newSession) {
        HubSettings settings = services.settings();
        this.writer = new FrameWriter(nodeName, newSession, services.codec(), services.writers(),
                settings.sendQueueLimit(), settings.maxUnsentBytes(), services.errors());
        this.session = newSession;
        this.inbox = services.inboxes().acquire(nodeName);
        touch();
        LOG.info("Node {} connected (project {}) from {}", nodeName, LogSafe.of(projectId),
                newSession.getRemoteSocketAddress());
        services.registry().register(this).ifPresent(old -> {
            LOG.info("Node {} reconnected: closing its previous session", nodeName);
            old.close(CloseCodes.REPLACED, CloseCodes.REPLACED_REASON);
        });
        services.listener().connected(nodeName, sessionId);
    }

    /**
     * Sent by: the node named in the URL (its certificate says so). Touches: the node's own inbox,
     * whose frames the router applies in order; nothing else is done on Jetty's thread.
     */
    @Override
    public void onWebSocketText(String frame) {
        touch();
        if (refused.get()) {
            return;
        }
        SerialExecutor current = inbox;
        long bytes = frame.length();
        String overflow = overflow(current, bytes);
        if (overflow != null) {
            if (refused.compareAndSet(false, true)) {
                LOG.warn("Node {} sends faster than the cloud applies ({}): closing its session", nodeName, overflow);
                close(CloseCodes.TRY_AGAIN_LATER, CloseCodes.FLOODING_REASON);
            }
            return;
        }
        services.inboxes().accept(current, () -> services.router().route(nodeName, frame).forEach(this::send), bytes);
    }

    /** Why the frame of {@code bytes} may not join the inbox, or null when it may. */
    private String overflow(SerialExecutor current, long bytes) {
        if (current.backlog() >= MAX_BACKLOG) {
            return MAX_BACKLOG + " frames not yet applied";
        }
        long pending = current.pendingBytes();
        long max = services.settings().maxUnappliedBytes();
        if (pending > 0 && pending + bytes > max) {
            return (pending + bytes) + " bytes not yet applied, at most " + max;
        }
        return null;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        // The protocol is text only; a binary frame still proves the node is alive.
        touch();
        callback.succeed();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        touch();
        Session current = session;
        if (current != null) {
            current.sendPong(payload, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        touch();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        boolean wasCurrent = services.registry().unregister(this);
        if (inbox != null) {
            services.inboxes().release(nodeName);
        }
        services.listener().disconnected(nodeName, sessionId);
        LOG.info("Node {} disconnected: {} {}{}", nodeName, statusCode, LogSafe.of(reason),
                wasCurrent ? "" : " (replaced)");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("Node {} session error", nodeName, cause);
    }

    /** Sends a reply to the node; failures are logged, the node resends or re-registers. */
    void send(Message message) {
        FrameWriter current = writer;
        if (current != null) {
            current.send(message);
        }
    }

    /**
     * Sends a cloud-initiated message unless too many are still waiting to be written, so a node
     * that reads slowly cannot make the cloud buffer without bound.
     */
    Downlink.SendResult offer(Message message) {
        FrameWriter current = writer;
        return current == null ? Downlink.SendResult.NOT_CONNECTED : current.offer(message);
    }

    void close(int code, String reason) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(code, reason, Callback.NOOP);
        }
    }

    boolean isOpen() {
        Session current = session;
        return current != null && current.isOpen();
    }

    private void touch() {
        lastSeenNanos = System.nanoTime();
    }
}
