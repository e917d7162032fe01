package io.kedge.metaserver;

import com.sun.net.httpserver.HttpServer;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.ResourceTypes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The HTTP server answering Kubernetes-style reads from a {@link MetaStore}. Its {@link #listener()}
 * must be registered with the store's listener whiteboard to feed watches. Plain Java, no OSGi.
 */
final class MetaServer implements AutoCloseable {
    /** Threads for short requests besides those held by open watches. */
    private static final int SHORT_REQUEST_THREADS = 8;

    private final WatchHub hub;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private MetaServer(WatchHub hub, HttpServer server, ThreadPoolExecutor executor) {
        this.hub = hub;
        this.server = server;
        this.executor = executor;
    }

    /** Binds and starts serving; with port 0 the system picks one, see {@link #port()}. */
    static MetaServer start(MetaStore store, ServerSettings settings) throws IOException {
        return start(store, settings, Optional::empty);
    }

    /** As above; {@code outbox} is where pod status reports go (empty: they are refused with 503). */
    static MetaServer start(MetaStore store, ServerSettings settings, Supplier<Optional<UpstreamOutbox>> outbox)
            throws IOException {
        ResourceKinds kinds = new ResourceKinds(settings.secretsEnabled());
        WatchHub hub = new WatchHub(store.revision(), settings.historySize(),
                type -> kinds.byStoreType(type).map(ResourceKind::extraFields).orElse(null));
        WatchHandler watches = new WatchHandler(store, hub, settings);
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 50);
        server.createContext("/", new ApiHandler(kinds, new ReadHandler(store), watches,
                new PodStatusWriter(store, kinds.byStoreType(ResourceTypes.POD).orElseThrow(), outbox), new EdgeMetrics(store, outbox)));
        ThreadPoolExecutor executor = workers(settings.maxWatchers() + SHORT_REQUEST_THREADS);
        server.setExecutor(executor);
        server.start();
        return new MetaServer(hub, server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    MetaListener listener() {
        return hub;
    }

    int openWatches() {
        return hub.watcherCount();
    }

    @Override
    public void close() {
        hub.closeAll("server stopping");
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bounded pool whose idle threads die, so an idle node keeps no threads around. */
    private static ThreadPoolExecutor workers(int size) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "kedge-metaserver-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
