package io.kedge.cloud.hub;

import io.kedge.cloud.auth.ServerTls;
import java.time.Duration;

/**
 * What CloudHub listens on and how strict it is with nodes.
 *
 * @param workerThreads  threads applying node messages (Kubernetes calls); per node they run in order
 * @param sendQueueLimit cloud-initiated messages per node that may wait to be written to the socket
 * @param tls            wss:// with required node client certificates; null serves plain ws://
 */
public record HubSettings(String bindAddress, int port, Duration keepaliveTimeout, int maxFrameBytes,
        int workerThreads, int sendQueueLimit, ServerTls tls) {

    /** Plain ws://, for development ({@code --insecure}) and tests. */
    public HubSettings(String bindAddress, int port, Duration keepaliveTimeout, int maxFrameBytes, int workerThreads,
            int sendQueueLimit) {
        this(bindAddress, port, keepaliveTimeout, maxFrameBytes, workerThreads, sendQueueLimit, null);
    }

    public boolean secure() {
        return tls != null;
    }
}
