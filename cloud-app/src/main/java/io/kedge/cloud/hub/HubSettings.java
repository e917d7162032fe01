package io.kedge.cloud.hub;

import java.time.Duration;

/**
 * What CloudHub listens on and how strict it is with nodes.
 *
 * @param workerThreads threads applying node messages (Kubernetes calls); per node they run in order
 */
public record HubSettings(String bindAddress, int port, Duration keepaliveTimeout, int maxFrameBytes,
        int workerThreads) {
}
