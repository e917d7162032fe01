package io.kedge.devicedata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of device data, read-only: {@code GET /api/v1/devices/{ns}/{name}/{property}} answers
 * the latest reading ({@code value}, {@code timestamp} RFC 3339, {@code timestampMillis});
 * {@code .../history?since=&limit=} the readings from {@code since} on, oldest first, at most
 * {@code limit} (bounded by configuration), with {@code more} true when more follow.
 *
 * <p>Who may send: any local process (the server listens on loopback unless configured otherwise;
 * no authentication, like MetaServer). What it may touch: it reads the time series only; it writes
 * nothing and reaches no device. Bad paths and parameters get 400 with a JSON {@code error}, a
 * device or property with no readings 404, other methods 405; values are written by Jackson, so text
 * a mapper read is escaped.
 */
final class DataApi implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DataApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReadingStore store;
    private final int defaultLimit;
    private final int maxLimit;

    DataApi(ReadingStore store, int defaultLimit, int maxLimit) {
        this.store = store;
        this.maxLimit = Math.max(1, maxLimit);
        this.defaultLimit = Math.max(1, Math.min(defaultLimit, this.maxLimit));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, error("only GET is served"));
                return;
            }
            DataRequest request;
            try {
                request = DataRequest.parse(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        defaultLimit, maxLimit);
            } catch (BadRequest e) {
                send(exchange, 400, error(e.getMessage()));
                return;
            }
            try {
                answer(exchange, request);
            } catch (SQLException e) {
                LOG.warn("Reading the device time series failed: {}", e.getMessage());
                send(exchange, 503, error("the time series cannot be read now"));
            }
        }
    }

    private void answer(HttpExchange exchange, DataRequest request) throws IOException, SQLException {
        if (!store.knows(request.deviceId())) {
            send(exchange, 404, error("no readings of device " + request.deviceId()));
            return;
        }
        if (request.history()) {
            List<StoredReading> readings = store.history(request.deviceId(), request.property(), request.since(),
                    request.limit() + 1);
            if (readings.isEmpty() && store.latest(request.deviceId(), request.property()).isEmpty()) {
                send(exchange, 404, error("no readings of property " + request.property() + " of device " + request.deviceId()));
                return;
            }
            boolean more = readings.size() > request.limit();
            ObjectNode body = head(request);
            ArrayNode items = body.putArray("items");
            readings.stream().limit(request.limit()).forEach(reading -> point(items.addObject(), reading));
            body.put("more", more);
            send(exchange, 200, body);
            return;
        }
        Optional<StoredReading> latest = store.latest(request.deviceId(), request.property());
        if (latest.isEmpty()) {
            send(exchange, 404, error("no readings of property " + request.property() + " of device " + request.deviceId()));
            return;
        }
        ObjectNode body = head(request);
        point(body, latest.get());
        send(exchange, 200, body);
    }

    private static ObjectNode head(DataRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("namespace", request.namespace());
        body.put("name", request.name());
        body.put("property", request.property());
        return body;
    }

    private static void point(ObjectNode node, StoredReading reading) {
        node.put("value", reading.value());
        node.put("timestamp", Instant.ofEpochMilli(reading.time()).toString());
        node.put("timestampMillis", reading.time());
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
