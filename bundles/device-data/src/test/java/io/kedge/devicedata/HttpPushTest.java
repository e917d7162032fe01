package io.kedge.devicedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** pushMethod.http against a real HTTP server on loopback: posted as JSON, failures counted, never waited for. */
class HttpPushTest {
    private static final StoredReading READING = new StoredReading("default/thermo", "t", "21.5", 1_000);

    private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final CountDownLatch release = new CountDownLatch(1);
    private final DataCounters counters = new DataCounters();
    private HttpServer server;
    private HttpPush push;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/data", exchange -> {
            try (exchange) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                exchange.sendResponseHeaders(status.get(), -1);
            }
        });
        server.createContext("/stuck", exchange -> {
            try (exchange) {
                release.await(30, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(serverThreads);
        server.start();
        push = new HttpPush(HttpClient.newBuilder().executor(clientThreads).build(), 2, Duration.ofSeconds(5),
                Duration.ofMillis(300), counters);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        clientThreads.shutdownNow();
    }

    private Map<String, Object> target(String path) {
        return Map.of("hostName", "http://127.0.0.1", "port", (long) server.getAddress().getPort(), "requestPath", path);
    }

    @Test
    void postsTheReadingAsJson() throws Exception {
        push.push(READING, target("/data"));

        await().atMost(10, TimeUnit.SECONDS).until(() -> counters.httpPosted.get() == 1);
        assertThat(new ObjectMapper().readTree(bodies.get(0))).isEqualTo(new ObjectMapper().readTree(
                "{\"deviceName\":\"thermo\",\"deviceNamespace\":\"default\",\"propertyName\":\"t\",\"value\":\"21.5\","
                        + "\"timeStamp\":1000}"));
        assertThat(contentTypes).containsExactly("application/json");
    }

    @Test
    void aRefusalIsCountedAsFailed() {
        status.set(500);
        push.push(READING, target("/data"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> counters.httpFailed.get() == 1);
        assertThat(counters.httpPosted.get()).isZero();
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutAndBeyondTheBoundReadingsAreSkipped() {
        Map<String, Object> stuck = Map.of("hostName", "127.0.0.1", "port", (long) server.getAddress().getPort(),
                "requestPath", "stuck", "timeout", 60_000L); // asks a minute, capped at 300 ms
        push.push(READING, stuck);
        push.push(READING, stuck);
        push.push(READING, stuck); // both posts under way: returns at once, skipped

        assertThat(counters.httpDropped.get()).isEqualTo(1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> counters.httpFailed.get() == 2);

        push.push(READING, target("/data")); // the bound is free again
        await().atMost(10, TimeUnit.SECONDS).until(() -> counters.httpPosted.get() == 1);
    }

    @Test
    void anUnreachableReceiverIsCountedAsFailed() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        push.push(READING, Map.of("hostName", "127.0.0.1", "port", (long) closed));
        await().atMost(10, TimeUnit.SECONDS).until(() -> counters.httpFailed.get() == 1);
    }

    @Test
    void targets() {
        assertThat(HttpPush.target(Map.of("hostName", "http://127.0.0.1", "port", 8080L, "requestPath", "/a/b")))
                .isEqualTo(URI.create("http://127.0.0.1:8080/a/b"));
        assertThat(HttpPush.target(Map.of("hostName", "https://collector.local", "requestPath", "in")))
                .isEqualTo(URI.create("https://collector.local/in"));
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of(), Map.of("hostName", "ftp://x"),
                Map.of("hostName", "127.0.0.1", "port", 70_000L), Map.of("hostName", "http://"))) {
            push.push(READING, bad);
        }
        assertThat(counters.httpDropped.get()).isEqualTo(4);
    }
}
