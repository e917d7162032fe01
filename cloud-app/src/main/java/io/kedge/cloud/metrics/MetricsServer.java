package io.kedge.cloud.metrics;

import io.kedge.protocol.kube.PrometheusText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain HTTP for scrapers and probes: {@code GET /metrics} (Prometheus text), {@code GET /healthz}
 * (503 with the reasons while {@code problems} names any: the hub cannot accept nodes, the process
 * hit an Error) and {@code GET /readyz} (503 as well while there are problems, or until {@code ready}
 * says the cloud-app misses no change).
 */
public final class MetricsServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 9091;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final Server server;
    private final ServerConnector connector;

    private MetricsServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Port 0 picks a free port. {@code metrics} renders the current figures on every scrape;
     * {@code ready} answers /readyz.
     */
    public static MetricsServer start(String bindAddress, int port, Supplier<String> metrics, BooleanSupplier ready)
            throws Exception {
        return start(bindAddress, port, metrics, ready, List::of);
    }

    /** @param problems why the process cannot do its work, one line each; empty when it can */
    public static MetricsServer start(String bindAddress, int port, Supplier<String> metrics, BooleanSupplier ready,
            Supplier<List<String>> problems) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("kedge-metrics");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(bindAddress);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                if (!"GET".equals(request.getMethod())) {
                    reply(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "text/plain", "use GET\n");
                } else if (path.equals("/metrics")) {
                    reply(response, callback, HttpStatus.OK_200, PrometheusText.CONTENT_TYPE, metrics.get());
                } else if (path.equals("/healthz")) {
                    health(response, callback, problems.get());
                } else if (path.equals("/readyz")) {
                    List<String> notReady = new ArrayList<>(problems.get());
                    if (!ready.getAsBoolean()) {
                        notReady.add("not watching the cluster yet");
                    }
                    health(response, callback, notReady);
                } else {
                    reply(response, callback, HttpStatus.NOT_FOUND_404, "text/plain",
                            "try /metrics, /healthz or /readyz\n");
                }
                return true;
            }
        });
        server.start();
        LOG.info("Metrics on http://{}:{}/metrics", bindAddress, connector.getLocalPort());
        return new MetricsServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    private static void health(Response response, Callback callback, List<String> problems) {
        if (problems.isEmpty()) {
            reply(response, callback, HttpStatus.OK_200, "text/plain", "ok\n");
        } else {
            reply(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "text/plain",
                    String.join("\n", problems) + "\n");
        }
    }

    private static void reply(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Metrics server did not stop cleanly", e);
        }
    }
}
