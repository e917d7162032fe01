package io.kedge.metaserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/** A MetaServer on an ephemeral port over a {@link FakeMetaStore}, wired as the component wires it. */
final class RunningServer implements AutoCloseable {
    final FakeMetaStore store;
    final MetaServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningServer(FakeMetaStore store, MetaServer server) {
        this.store = store;
        this.server = server;
    }

    static RunningServer start(FakeMetaStore store, ServerSettings settings) throws IOException {
        return start(store, settings, java.util.Optional::empty);
    }

    static RunningServer start(FakeMetaStore store, ServerSettings settings,
            java.util.function.Supplier<java.util.Optional<io.kedge.api.outbox.UpstreamOutbox>> outbox)
            throws IOException {
        return start(store, settings, outbox, java.util.List::of);
    }

    static RunningServer start(FakeMetaStore store, ServerSettings settings,
            java.util.function.Supplier<java.util.Optional<io.kedge.api.outbox.UpstreamOutbox>> outbox,
            java.util.function.Supplier<java.util.List<io.kedge.api.metrics.MetricsSource>> metrics)
            throws IOException {
        MetaServer server = MetaServer.start(store, settings.withPort(0), outbox, metrics,
                Executors.newSingleThreadScheduledExecutor());
        store.register(server.listener());
        return new RunningServer(store, server);
    }

    String url() {
        return server.url();
    }

    HttpClient client() {
        return http;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
