package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request: health, metrics, discovery, get, list and watch of a kind; the only writes
 * are pod status reports ({@code PUT|PATCH .../pods/{name}/status}).
 *
 * <p>Sent by: any local process that reaches 127.0.0.1:10550 (the MetaServer has no authentication;
 * see SECURITY.md). Touches: reads of the objects the node holds (Secrets only when configured to
 * serve them); pod status writes go to the outbox, only for pods the node holds (the cloud sends a node
 * only the pods bound to it). What one client may cost is bounded by {@link RequestLimits}: a body is
 * read only for a status write, and only within its size and the budget shared by all connections.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Set<String> HEALTH = Set.of("/healthz", "/livez", "/readyz");

    private static final Pattern POD_STATUS = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/status$");

    private final ResourceKinds kinds;
    private final Discovery discovery;
    private final ReadHandler reads;
    private final WatchHandler watches;
    private final PodStatusWriter statusWriter;
    private final EdgeMetrics metrics;
    private final BodyReader bodies;
    private final RequestThreads threads;
    private final RefusalLog refusals;

    ApiHandler(ResourceKinds kinds, ReadHandler reads, WatchHandler watches, PodStatusWriter statusWriter,
            EdgeMetrics metrics, BodyReader bodies, RequestThreads threads, RefusalLog refusals) {
        this.kinds = kinds;
        this.discovery = new Discovery(kinds);
        this.reads = reads;
        this.watches = watches;
        this.statusWriter = statusWriter;
        this.metrics = metrics;
        this.bodies = bodies;
        this.threads = threads;
        this.refusals = refusals;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            answer(exchange);
        } catch (ApiError error) {
            if (error.code() == 413 || error.code() == 429) {
                refusals.refused(error.code() == 413 ? "body too large" : "too many requests", error.getMessage());
            }
            Responses.send(exchange, error);
        } catch (RuntimeException e) {
            LOG.warn("Failed to answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            Responses.send(exchange, new ApiError(500, "InternalError", "internal error: " + e));
        } finally {
            exchange.close();
        }
    }

    private static boolean wantsWebSocket(HttpExchange exchange) {
        String upgrade = exchange.getRequestHeaders().getFirst("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private void answer(HttpExchange exchange) throws IOException, ApiError {
        String method = exchange.getRequestMethod();
        LOG.debug("{} {}", method, exchange.getRequestURI());
        String path = exchange.getRequestURI().getPath();
        Matcher status = POD_STATUS.matcher(path);
        if (status.matches() && (method.equals("PUT") || method.equals("PATCH"))) {
            try (BodyReader.Body body = bodies.read(exchange)) {
                Responses.send(exchange, 200, statusWriter.write(method,
                        exchange.getRequestHeaders().getFirst("Content-Type"), status.group(1), status.group(2),
                        body.bytes()));
            }
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw ApiError.readOnly(method);
        }
        if (path.equals("/metrics")) {
            Responses.sendText(exchange, 200, EdgeMetrics.CONTENT_TYPE, metrics.render());
            return;
        }
        if (HEALTH.contains(path)) {
            Responses.send(exchange, 200, TextNode.valueOf("ok"));
            return;
        }
        String address = exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
        Optional<JsonNode> document = discovery.at(path, address);
        if (document.isPresent()) {
            Responses.send(exchange, 200, document.get());
            return;
        }
        ResourceRequest request = ResourceRequest.parse(exchange.getRequestURI(), kinds);
        if (request.watch() && wantsWebSocket(exchange)) {
            // fabric8 tries a WebSocket first and falls back to a streaming GET on 200 or 503; it reads
            // the whole refusal, so answering with the endless stream itself would hang it
            throw new ApiError(503, "ServiceUnavailable", "watch over WebSocket is not supported: use a streaming GET");
        }
        if (request.watch()) {
            watches.stream(exchange, request, threads::releaseCurrent);
        } else {
            Responses.send(exchange, 200, reads.answer(request));
        }
    }
}
