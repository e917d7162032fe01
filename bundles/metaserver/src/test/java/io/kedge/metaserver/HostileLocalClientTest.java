package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A local process that reaches 127.0.0.1:10550 and means harm: huge or many bodies, requests sent
 * slowly, watches opened and abandoned. It gets refusals (413, 429, a closed connection); the node
 * keeps answering everyone else and frees what the client left behind.
 */
class HostileLocalClientTest {
    private static final String STATUS_PATH = "/api/v1/namespaces/plant/pods/sensor-1/status";
    /** Bounds the test's own reads so that a server that never answers fails the test, never hangs it. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final FakeMetaStore store = new FakeMetaStore();
    private final PodStatusReportTest.RecordingOutbox outbox = new PodStatusReportTest.RecordingOutbox();
    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private RunningServer running;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        readers.shutdownNow();
        if (running != null) {
            running.close();
        }
    }

    private void start(ServerSettings settings) throws IOException {
        store.put(FakeMetaStore.pod("plant", "sensor-1", "node-a", "7", Map.of()));
        running = RunningServer.start(store, settings, () -> Optional.of(outbox));
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWith413BeforeItIsSent() throws Exception {
        start(ServerSettings.defaults());
        Socket socket = connect();

        sendHeaders(socket, "PATCH", STATUS_PATH, "Content-Length: " + (2 * 1024 * 1024));

        assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
        assertThat(running.get("/api/v1/pods").statusCode()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitIsRefusedWith413() throws Exception {
        start(ServerSettings.defaults());
        Socket socket = connect();
        sendHeaders(socket, "PATCH", STATUS_PATH, "Transfer-Encoding: chunked");
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> statusLine(socket), readers);

        byte[] chunk = new byte[64 * 1024];
        OutputStream out = socket.getOutputStream();
        try {
            for (int i = 0; i < 32 && !answer.isDone(); i++) { // 2 MiB at most
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException closedByTheServer) {
            // the refusal came first and the server closed the connection: expected
        }

        assertThat(answer.get()).startsWith("HTTP/1.1 413");
    }

    @Test
    void manyClientsHoldingLargeBodiesAreRefusedWith429AndTheNodeKeepsAnswering() throws Exception {
        start(ServerSettings.defaults()); // 1 MiB per body, 4 MiB of bodies in flight
        int clients = 40;
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket socket = connect();
            sendHeaders(socket, "PATCH", STATUS_PATH, "Content-Type: application/merge-patch+json",
                    "Content-Length: " + 1024 * 1024);
            socket.getOutputStream().write(new byte[1024]); // a start, then nothing: the body stays unfinished
            socket.getOutputStream().flush();
            answers.add(CompletableFuture.supplyAsync(() -> statusLine(socket), readers));
        }

        // four bodies fit into the budget and wait for their bytes; every other one is refused now
        await().atMost(Duration.ofSeconds(30)).until(() -> answers.stream()
                .filter(a -> a.isDone() && a.join().startsWith("HTTP/1.1 429")).count() == clients - 4);
        assertThat(running.get("/api/v1/pods").statusCode()).isEqualTo(200);
        assertThat(running.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(patch("{\"status\":{\"phase\":\"Running\"}}").statusCode()).as("no room while held")
                .isEqualTo(429);

        for (Socket socket : sockets) {
            socket.close(); // the held bodies end short: their bytes are given back
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                patch("{\"status\":{\"phase\":\"Running\"}}").statusCode() == 200);
        assertThat(outbox.keys).containsExactly("podstatus/plant/sensor-1");
    }

    @Test
    void clientsSendingTheirRequestsSlowlyAreCutOffAndOthersAreServed() throws Exception {
        start(ServerSettings.defaults().withWatchLimits(1, 100, 100)
                .withLimits(RequestLimits.defaults().withTimes(Duration.ofSeconds(1), Duration.ofSeconds(5))));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // more than the server's 1 + 8 threads
            Socket socket = connect();
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/pods HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            slow.add(socket);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> running.get("/api/v1/pods").statusCode() == 200);
        for (Socket socket : slow) {
            assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
    }

    @Test
    void abandonedWatchesGiveTheirPlacesBack() throws Exception {
        start(ServerSettings.defaults().withWatchLimits(2, 100, 100)
                .withLimits(RequestLimits.defaults().withTimes(Duration.ofSeconds(30), Duration.ofMillis(200))));
        for (int i = 0; i < 2; i++) {
            Socket socket = connect();
            sendHeaders(socket, "GET", "/api/v1/pods?watch=true");
            assertThat(statusLine(socket)).startsWith("HTTP/1.1 200");
        }
        MetaServerHttpTest.awaitWatches(running, 2);
        assertThat(running.get("/api/v1/pods?watch=true").statusCode()).isEqualTo(429);

        for (Socket socket : sockets) {
            socket.close(); // gone without a word
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> running.server.openWatches() == 0);
        assertThat(running.get("/api/v1/pods?watch=true&timeoutSeconds=1").statusCode()).isEqualTo(200);
    }

    @Test
    void anHonestWatchStillReceivesItsEventsBetweenHeartbeats() throws Exception {
        start(ServerSettings.defaults()
                .withLimits(RequestLimits.defaults().withTimes(Duration.ofSeconds(30), Duration.ofMillis(50))));
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> watch = running.client().sendAsync(
                HttpRequest.newBuilder(URI.create(running.url() + "/api/v1/pods?watch=true&timeoutSeconds=1")).build(),
                HttpResponse.BodyHandlers.ofLines());
        MetaServerHttpTest.awaitWatches(running, 1);
        store.put(FakeMetaStore.pod("plant", "sensor-2", "node-a", "8", Map.of()));

        List<String> lines = watch.get().body().toList();
        assertThat(lines.stream().filter(line -> !line.isBlank()))
                .anySatisfy(line -> assertThat(line).contains("\"ADDED\"").contains("sensor-1"))
                .anySatisfy(line -> assertThat(line).contains("\"ADDED\"").contains("sensor-2"));
    }

    private HttpResponse<String> patch(String body) throws IOException, InterruptedException {
        return running.send(HttpRequest.newBuilder(URI.create(running.url() + STATUS_PATH))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Socket connect() throws IOException {
        URI uri = URI.create(running.url());
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        sockets.add(socket);
        return socket;
    }

    private static void sendHeaders(Socket socket, String method, String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The first line of the answer, or what went wrong reading it. */
    private static String statusLine(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
