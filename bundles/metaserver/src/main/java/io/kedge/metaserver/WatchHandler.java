package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a watch: newline-delimited {@code {"type", "object"}} events in a chunked response until
 * the timeout, the client leaving, the watcher falling behind or the server stopping. An idle watch
 * writes a heartbeat (a space) now and then: the write that fails after a client left ends the
 * watch and gives its place back at once, not when the watch would have timed out.
 *
 * <p>Sent by: any local process that reaches the MetaServer. Touches: reads of the objects of one
 * kind the node holds; at most {@code maxWatchers} open at once (429 beyond).
 */
final class WatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WatchHandler.class);

    private final MetaStore store;
    private final WatchHub hub;
    private final ServerSettings settings;
    private final Semaphore openWatches;

    WatchHandler(MetaStore store, WatchHub hub, ServerSettings settings) {
        this.store = store;
        this.hub = hub;
        this.settings = settings;
        this.openWatches = new Semaphore(settings.maxWatchers());
    }

    /**
     * @param streaming called once the first events are written: from then on the watch may run
     *                  past the request timeout
     */
    void stream(HttpExchange exchange, ResourceRequest request, Runnable streaming) throws IOException, ApiError {
        ObjectFilter filter = request.filter();
        if (!openWatches.tryAcquire()) {
            throw ApiError.tooManyWatches(settings.maxWatchers());
        }
        List<JsonNode> initial = new ArrayList<>();
        Watcher watcher;
        try {
            watcher = open(request, filter, initial);
        } catch (ApiError | RuntimeException e) {
            openWatches.release();
            throw e;
        }
        watcher.attach(Thread.currentThread());
        try {
            OutputStream out = Responses.startStream(exchange);
            for (JsonNode object : initial) {
                Responses.streamLine(out, KubeObjects.watchEvent("ADDED", object));
            }
            streaming.run();
            relay(watcher, filter, request, out);
            out.close();
        } catch (IOException e) {
            LOG.debug("Watch ended: {}", watcher.isClosed() ? watcher.closedBecause() : e.toString());
        } finally {
            watcher.detach();
            hub.forget(watcher);
            openWatches.release();
            Thread.interrupted(); // a close while we were finishing must not reach the next request
        }
    }

    /** Registers the watcher; without a resourceVersion (or "0") it first collects the current objects. */
    private Watcher open(ResourceRequest request, ObjectFilter filter, List<JsonNode> initial) throws ApiError {
        String resourceVersion = request.query().getOrDefault("resourceVersion", "");
        ResourceKind kind = request.kind();
        if (resourceVersion.isEmpty() || resourceVersion.equals("0")) {
            Snapshot snapshot = Snapshot.take(store, kind.storeType(), request.storeNamespace());
            for (MetaObject object : snapshot.objects()) {
                if (filter.matches(Selectable.of(object, kind.extraFields()))) {
                    initial.add(KubeObjects.typed(object, kind));
                }
            }
            return hub.watch(snapshot.revision(), settings.watcherQueue());
        }
        long from;
        try {
            from = Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid resourceVersion '" + resourceVersion + "'");
        }
        // Object resourceVersions are the cloud's, not store revisions; a client that resumes from
        // one may name a revision we never had. Expired makes it relist instead of waiting forever.
        if (from > store.revision()) {
            throw ApiError.expired("resource version " + from + " is not a revision of this node's store; list again");
        }
        return hub.watch(from, settings.watcherQueue());
    }

    private void relay(Watcher watcher, ObjectFilter filter, ResourceRequest request, OutputStream out)
            throws IOException {
        ResourceKind kind = request.kind();
        boolean bookmarks = "true".equals(request.query().get("allowWatchBookmarks"));
        long deadline = System.currentTimeMillis() + timeoutMillis(request);
        long bookmarkEvery = settings.bookmarkEvery().toMillis();
        long heartbeatEvery = settings.limits().heartbeatEvery().toMillis();
        long nextBookmark = System.currentTimeMillis() + bookmarkEvery;
        long nextHeartbeat = System.currentTimeMillis() + heartbeatEvery;
        long seen = watcher.from();
        while (!watcher.isClosed()) {
            long now = System.currentTimeMillis();
            if (now >= deadline) {
                return;
            }
            if (bookmarks && now >= nextBookmark) {
                Responses.streamLine(out, KubeObjects.watchEvent("BOOKMARK", KubeObjects.bookmark(kind, seen)));
                nextBookmark = now + bookmarkEvery;
                nextHeartbeat = now + heartbeatEvery;
            }
            if (now >= nextHeartbeat) {
                Responses.heartbeat(out);
                nextHeartbeat = now + heartbeatEvery;
            }
            long wait = Math.min(Math.min(deadline, nextHeartbeat), bookmarks ? nextBookmark : deadline) - now;
            Change change;
            try {
                change = watcher.next(Math.max(1, Math.min(wait, 1000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (change != null) {
                seen = change.revision();
                String type = change.typeFor(filter);
                if (type != null) {
                    Responses.streamLine(out, KubeObjects.watchEvent(type,
                            KubeObjects.typed(change.event().object(), kind)));
                    nextHeartbeat = System.currentTimeMillis() + heartbeatEvery;
                }
            }
        }
        LOG.info("Closed a watch of {}: {}", kind.plural(), watcher.closedBecause());
    }

    private long timeoutMillis(ResourceRequest request) {
        long most = settings.watchTimeout().toMillis();
        String asked = request.query().get("timeoutSeconds");
        if (asked == null || asked.isBlank()) {
            return most;
        }
        try {
            long seconds = Long.parseLong(asked.trim());
            return seconds <= 0 ? most : Math.min(most, seconds * 1000);
        } catch (NumberFormatException e) {
            return most;
        }
    }
}
