package io.kedge.metaserver;

import com.sun.net.httpserver.HttpServer;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.ResourceTypes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The HTTP server answering Kubernetes-style reads from a {@link MetaStore}. Its {@link #listener()}
 * must be registered with the store's listener whiteboard to feed watches. Plain Java, no OSGi.
 */
final class MetaServer implements AutoCloseable {
    private static final long REFUSAL_LOG_INTERVAL_MILLIS = 60_000;
    private final WatchHub hub;
    private final HttpServer server;
    private final RequestThreads threads;

    private MetaServer(WatchHub hub, HttpServer server, RequestThreads threads) {
        this.hub = hub;
        this.server = server;
        this.threads = threads;
    }

    /**
     * Binds and starts serving; with port 0 the system picks one, see {@link #port()}. {@code outbox} is
     * where pod status reports go (empty: they are refused with 503); {@code GET /metrics} shows what the
     * {@code metrics} sources write; {@code deadlines} (a serial executor of our own, shut down by
     * {@link #close()}) times the requests.
     */
    static MetaServer start(MetaStore store, ServerSettings settings, Supplier<Optional<UpstreamOutbox>> outbox,
            Supplier<List<MetricsSource>> metrics, ScheduledExecutorService deadlines) throws IOException {
        ResourceKinds kinds = new ResourceKinds(settings.secretsEnabled());
        WatchHub hub = new WatchHub(store.revision(), settings.historySize(),
                type -> kinds.byStoreType(type).map(ResourceKind::extraFields).orElse(null));
        WatchHandler watches = new WatchHandler(store, hub, settings);
        RequestLimits limits = settings.limits();
        // every open watch holds a thread; the others are left for short requests
        RefusalLog refusals = new RefusalLog(REFUSAL_LOG_INTERVAL_MILLIS);
        RequestThreads threads = new RequestThreads(settings.maxWatchers() + limits.requestThreads(),
                limits.requestTimeout(), refusals, deadlines);
        BodyReader bodies = new BodyReader(limits.maxBodyBytes(), new BodyBudget(limits.maxBytesInFlight()));
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 50);
        server.createContext("/", new ApiHandler(kinds, new ReadHandler(store), watches,
                new PodStatusWriter(store, kinds.byStoreType(ResourceTypes.POD).orElseThrow(), outbox),
                new EdgeMetrics(metrics), bodies, threads, refusals));
        server.setExecutor(threads);
        server.start();
        return new MetaServer(hub, server, threads);
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
        threads.close();
    }
}
