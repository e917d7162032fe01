package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.kedge.protocol.MessageCodec;
import java.io.IOException;
import java.io.OutputStream;

/** Writes JSON answers: whole documents, or one watch event per line of a chunked stream. */
final class Responses {
    static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = MessageCodec.mapper();

    private Responses() {
    }

    static void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void sendText(HttpExchange exchange, int code, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void send(HttpExchange exchange, ApiError error) throws IOException {
        if (error.code() == 405) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        }
        if (error.code() == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        send(exchange, error.code(), error.toStatus());
    }

    /** Starts a chunked 200 response for a watch. */
    static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /**
     * One space on an idle watch: a write is the only way to learn that the client has gone (the
     * second one after it left fails). A space, not a newline: it is whitespace before the next event
     * to every JSON reader, where a blank line is an event that fails to decode in some clients
     * (fabric8), and line-splitting clients drop a trailing partial line when the stream ends.
     */
    static void heartbeat(OutputStream out) throws IOException {
        out.write(' ');
        out.flush();
    }

    /** One newline-terminated JSON value, flushed so that the client sees it now. */
    static void streamLine(OutputStream out, JsonNode value) throws IOException {
        out.write(MAPPER.writeValueAsBytes(value));
        out.write('\n');
        out.flush();
    }
}
