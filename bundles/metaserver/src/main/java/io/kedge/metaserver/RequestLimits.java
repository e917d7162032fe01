package io.kedge.metaserver;

import java.time.Duration;

/**
 * What one local client may cost the node: the MetaServer is reachable by every process on the
 * gateway, so threads, request bodies and time are bounded.
 *
 * @param requestThreads      threads for requests other than open watches (which have their own)
 * @param maxBodyBytes        largest request body (a pod status report); larger ones get 413
 * @param maxBytesInFlight    request body bytes held at once across all connections; beyond, 429
 * @param requestTimeout      time a request has to arrive and be answered (watches: to arrive)
 * @param heartbeatEvery      interval of the keep-alive write on an idle watch, which finds clients
 *                            that went away and frees their watch
 */
record RequestLimits(int requestThreads, int maxBodyBytes, long maxBytesInFlight, Duration requestTimeout,
        Duration heartbeatEvery) {

    static RequestLimits defaults() {
        return new RequestLimits(8, 1024 * 1024, 4L * 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    RequestLimits withBodies(int maxBody, long inFlight) {
        return new RequestLimits(requestThreads, maxBody, inFlight, requestTimeout, heartbeatEvery);
    }

    RequestLimits withTimes(Duration timeout, Duration heartbeat) {
        return new RequestLimits(requestThreads, maxBodyBytes, maxBytesInFlight, timeout, heartbeat);
    }
}
