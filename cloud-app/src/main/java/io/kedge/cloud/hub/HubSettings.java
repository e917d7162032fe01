package io.kedge.cloud.hub;

import io.kedge.cloud.auth.ServerTls;
import java.time.Duration;

/**
 * What CloudHub listens on and how strict it is with nodes.
 *
 * @param maxFrameBytes     largest WebSocket message a node may send (Jetty closes it with 1009 beyond)
 * @param workerThreads     threads applying node messages (Kubernetes calls); per node they run in order
 * @param sendQueueLimit    cloud-initiated messages per node that may wait to be written to the socket
 * @param maxUnappliedBytes what a node sent and the cloud has not applied yet; beyond it the session is
 *                          closed (1013). A frame that arrives while nothing is pending is always taken
 * @param maxUnsentBytes    replies and frames to a node not yet written to its socket; beyond it the
 *                          connection is dropped (the node is re-synced when it reconnects)
 * @param tls               wss:// with required node client certificates; null serves plain ws://
 */
public record HubSettings(String bindAddress, int port, Duration keepaliveTimeout, int maxFrameBytes,
        int workerThreads, int sendQueueLimit, long maxUnappliedBytes, long maxUnsentBytes, ServerTls tls) {

    /**
     * Larger than any Kubernetes object (the API server takes 3 MiB requests) and than the inventory
     * answer of a node holding tens of thousands of objects; a node sends nothing larger.
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;
    /** Four frames of the largest size: an honest node has a few small reports in flight. */
    public static final long DEFAULT_MAX_UNAPPLIED_BYTES = 16L * 1024 * 1024;
    /** Room for a node that reads slowly: a round of frames (about 1 MiB) plus its replies. */
    public static final long DEFAULT_MAX_UNSENT_BYTES = 32L * 1024 * 1024;

    /** Plain ws://, for development ({@code --insecure}) and tests. */
    public HubSettings(String bindAddress, int port, Duration keepaliveTimeout, int maxFrameBytes, int workerThreads,
            int sendQueueLimit) {
        this(bindAddress, port, keepaliveTimeout, maxFrameBytes, workerThreads, sendQueueLimit, null);
    }

    /** The default byte budgets. */
    public HubSettings(String bindAddress, int port, Duration keepaliveTimeout, int maxFrameBytes, int workerThreads,
            int sendQueueLimit, ServerTls tls) {
        this(bindAddress, port, keepaliveTimeout, maxFrameBytes, workerThreads, sendQueueLimit,
                DEFAULT_MAX_UNAPPLIED_BYTES, DEFAULT_MAX_UNSENT_BYTES, tls);
    }

    public boolean secure() {
        return tls != null;
    }
}
