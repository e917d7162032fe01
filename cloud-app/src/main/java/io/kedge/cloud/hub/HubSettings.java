package io.kedge.cloud.hub;

import java.time.Duration;

/**
 * What CloudHub listens on and how strict it is with nodes.
 *
 * @param workerThreads  threads applying node messages (Kubernetes calls); per node they run in order
 * @param sendQueueLimit cloud-initiated frames per node that may wait to be written to the socket
 */
public record HubSettings(String bindAddress, int port, Duration keepaliveTimeout, int maxFrameBytes,
        int workerThreads, int sendQueueLimit) {
}
