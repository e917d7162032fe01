package io.kedge.devicedata;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a reading per {@code pushMethod.http} ({@code hostName}, {@code port}, {@code requestPath},
 * {@code timeout} in ms) as a JSON POST, asynchronously: the caller never waits. At most
 * {@code maxInFlight} posts are under way; a reading that finds none free is skipped and counted, so
 * a slow receiver costs readings of its own pushes only. A post that times out, fails or gets no
 * 2xx is counted as failed and not retried (the time series keeps the reading).
 */
final class HttpPush implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPush.class);

    /** Made on the first push: a JDK HttpClient starts its selector thread at once, which a node without HTTP pushes never needs. */
    private final Supplier<HttpClient> newClient;
    private HttpClient client;
    private final Semaphore inFlight;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final DataCounters counters;
    private final OnceLog once = new OnceLog(LOG);

    HttpPush(HttpClient client, int maxInFlight, Duration defaultTimeout, Duration maxTimeout, DataCounters counters) {
        this(() -> client, maxInFlight, defaultTimeout, maxTimeout, counters);
    }

    HttpPush(Supplier<HttpClient> newClient, int maxInFlight, Duration defaultTimeout, Duration maxTimeout,
            DataCounters counters) {
        this.newClient = newClient;
        this.inFlight = new Semaphore(Math.max(1, maxInFlight));
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
        this.counters = counters;
    }

    void push(StoredReading reading, Map<?, ?> http) {
        String key = reading.deviceId() + "/" + reading.property();
        URI target;
        try {
            target = target(http);
        } catch (IllegalArgumentException e) {
            counters.httpDropped.incrementAndGet();
            once.warn(key, "Device {} property {}: pushMethod.http is unusable ({}); nothing is posted", reading.deviceId(),
                    reading.property(), e.getMessage());
            return;
        }
        if (!inFlight.tryAcquire()) {
            counters.httpDropped.incrementAndGet();
            once.warn(key + "#busy", "Device {} property {}: HTTP pushes fall behind; readings are skipped while all"
                    + " posts are under way", reading.deviceId(), reading.property());
            return;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout(http))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(PushPayload.of(reading))).build();
            client().sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                inFlight.release();
                if (failure == null && response.statusCode() / 100 == 2) {
                    counters.httpPosted.incrementAndGet();
                } else {
                    counters.httpFailed.incrementAndGet();
                    once.warn(key + "#failed", "Device {} property {}: POST to {} failed: {}", reading.deviceId(),
                            reading.property(), target, failure == null ? "HTTP " + response.statusCode() : failure.toString());
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            counters.httpFailed.incrementAndGet();
            once.warn(key + "#failed", "Device {} property {}: POST to {} failed: {}", reading.deviceId(),
                    reading.property(), target, e.toString());
        }
    }

    /**
     * {@code hostName} may carry its scheme ({@code http://127.0.0.1}, as KubeEdge's examples) or not;
     * {@code port} 1 to 65535 or absent; {@code requestPath} starts with {@code /} or gets one.
     */
    static URI target(Map<?, ?> http) {
        Object host = http.get("hostName");
        if (!(host instanceof String hostName) || hostName.isBlank()) {
            throw new IllegalArgumentException("hostName is missing");
        }
        String base = hostName.trim();
        if (!base.contains("://")) {
            base = "http://" + base;
        }
        URI uri = URI.create(base);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("hostName must be http or https, not " + uri.getScheme());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("hostName has no host: " + hostName);
        }
        int port = uri.getPort();
        Object given = http.get("port");
        if (given instanceof Number number && number.longValue() != 0) {
            if (number.longValue() < 1 || number.longValue() > 65_535) {
                throw new IllegalArgumentException("port must be 1 to 65535, not " + number);
            }
            port = number.intValue();
        }
        String path = http.get("requestPath") instanceof String p ? p.trim() : "";
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), port, path, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Duration timeout(Map<?, ?> http) {
        if (http.get("timeout") instanceof Number number && number.longValue() > 0) {
            Duration asked = Duration.ofMillis(number.longValue());
            return asked.compareTo(maxTimeout) > 0 ? maxTimeout : asked;
        }
        return defaultTimeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = newClient.get();
        }
        return client;
    }

    @Override
    public void close() {
        // JDK 17's HttpClient has no close(): its selector thread ends once the client is unreachable
    }
}
