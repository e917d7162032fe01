package io.kedge.cloud.hub;

import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of one edge node. Jetty calls it on its own threads: it only records
 * liveness there and hands frames to the node's serial worker queue. Public only because Jetty
 * invokes the listener methods through method handles.
 */
public final class NodeSession implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);
    /** Frames of a node received but not yet applied; beyond this it floods faster than Kubernetes takes it. */
    private static final int MAX_BACKLOG = 1000;

    private final String nodeName;
    private final String projectId;
    private final NodeInboxes inboxes;
    private final UpstreamRouter router;
    private final MessageCodec codec;
    private final SessionRegistry registry;
    private final NodeSessionListener listener;
    private final Executor writers;
    private final int sendQueueLimit;
    private final long sessionId;
    private volatile Session session;
    private volatile FrameWriter writer;
    /** The node's inbox, shared with its previous and next sessions; set when the session opens. */
    private volatile SerialExecutor inbox;
    private volatile long lastSeenNanos = System.nanoTime();

    NodeSession(String nodeName, String projectId, NodeInboxes inboxes, UpstreamRouter router, MessageCodec codec,
            SessionRegistry registry, NodeSessionListener listener, Executor writers, int sendQueueLimit,
            long sessionId) {
        this.nodeName = nodeName;
        this.projectId = projectId;
        this.inboxes = inboxes;
        this.router = router;
        this.codec = codec;
        this.registry = registry;
        this.listener = listener;
        this.writers = writers;
        this.sendQueueLimit = sendQueueLimit;
        this.sessionId = sessionId;
    }

    String nodeName() {
        return nodeName;
    }

    long silentNanos(long now) {
        return now - lastSeenNanos;
    }

    @Override
    public void onWebSocketOpen(Session newSession) {
        this.writer = new FrameWriter(nodeName, newSession, codec, writers, sendQueueLimit);
        this.session = newSession;
        this.inbox = inboxes.acquire(nodeName);
        touch();
        LOG.info("Node {} connected (project {}) from {}", nodeName, projectId, newSession.getRemoteSocketAddress());
        registry.register(this).ifPresent(old -> {
            LOG.info("Node {} reconnected: closing its previous session", nodeName);
            old.close(CloseCodes.REPLACED, CloseCodes.REPLACED_REASON);
        });
        listener.connected(nodeName, sessionId);
    }

    @Override
    public void onWebSocketText(String frame) {
        touch();
        if (inbox.backlog() >= MAX_BACKLOG) {
            LOG.warn("Node {} has {} unprocessed messages: closing its session", nodeName, MAX_BACKLOG);
            close(CloseCodes.TRY_AGAIN_LATER, "too many unprocessed messages");
            return;
        }
        inbox.execute(() -> router.route(nodeName, frame).forEach(this::send));
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
        boolean wasCurrent = registry.unregister(this);
        if (inbox != null) {
            inboxes.release(nodeName);
        }
        listener.disconnected(nodeName, sessionId);
        LOG.info("Node {} disconnected: {} {}{}", nodeName, statusCode, reason, wasCurrent ? "" : " (replaced)");
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
