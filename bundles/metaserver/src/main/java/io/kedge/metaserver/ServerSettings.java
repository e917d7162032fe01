package io.kedge.metaserver;

import java.time.Duration;

/**
 * How the MetaServer runs; plain values so that it can be tested without OSGi.
 *
 * @param watcherQueue   changes one watcher may have pending before it is disconnected as too slow
 * @param historySize    changes kept for watches that resume from a revision
 * @param watchTimeout   longest watch when the client asks for none (or more)
 * @param bookmarkEvery  interval of BOOKMARK events for clients that allow them
 * @param limits         what one client may cost: threads, body sizes, time
 */
record ServerSettings(String host, int port, boolean secretsEnabled, int maxWatchers, int watcherQueue,
        int historySize, Duration watchTimeout, Duration bookmarkEvery, RequestLimits limits) {

    static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", 10550, false, 100, 1000, 10_000, Duration.ofMinutes(30),
                Duration.ofMinutes(1), RequestLimits.defaults());
    }

    ServerSettings withLimits(RequestLimits newLimits) {
        return new ServerSettings(host, port, secretsEnabled, maxWatchers, watcherQueue, historySize, watchTimeout,
                bookmarkEvery, newLimits);
    }

    ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, secretsEnabled, maxWatchers, watcherQueue, historySize, watchTimeout,
                bookmarkEvery, limits);
    }

    ServerSettings withSecrets(boolean enabled) {
        return new ServerSettings(host, port, enabled, maxWatchers, watcherQueue, historySize, watchTimeout,
                bookmarkEvery, limits);
    }

    ServerSettings withWatchLimits(int watchers, int queue, int history) {
        return new ServerSettings(host, port, secretsEnabled, watchers, queue, history, watchTimeout, bookmarkEvery,
                limits);
    }

    ServerSettings withBookmarkEvery(Duration every) {
        return new ServerSettings(host, port, secretsEnabled, maxWatchers, watcherQueue, historySize, watchTimeout,
                every, limits);
    }
}
