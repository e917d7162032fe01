package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unjoined client that reaches port 10002 and tries to hold the certificate server: many
 * connections that send their headers and then dribble a body (or the headers) a byte at a time.
 * Honest clients must still get {@code /ca.crt}, and the server must close the slow connections.
 */
@MockApi
class HostileCertificateClientTest {
    /** More than the server's 16 threads: before bodies were read asynchronously, this starved everyone. */
    private static final int SLOW_CONNECTIONS = 40;

    static KubernetesClient client;
    private static ClusterCa ca;
    private static JoinTokens tokens;
    private static ServerTls tls;

    private final List<SlowClient> slow = new ArrayList<>();
    private final ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    private CertificateServer server;

    @BeforeAll
    static void createCa() {
        ca = ClusterCa.loadOrCreate(client, ClusterCa.DEFAULT_NAMESPACE);
        tokens = new JoinTokens(ca);
        tls = ServerTls.issue(ca, ServerNames.forCertificate(List.of(), "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        dribbler.shutdownNow();
        slow.forEach(SlowClient::close);
        if (server != null) {
            server.close();
        }
    }

    private void startServer(CertificateServer.Limits limits) throws Exception {
        server = CertificateServer.start(ca, new JoinAdmission(tokens,
                new ClusterUsedTokenIds(client, ClusterCa.DEFAULT_NAMESPACE)), tls, "127.0.0.1", 0,
                ClusterCa.DEFAULT_NODE_LIFETIME, limits);
    }

    @Test
    void slowBodiesHoldNoThreadsAndCaCrtStillAnswers() throws Exception {
        // A long deadline: the slow clients stay connected the whole time /ca.crt is asked for.
        startServer(new CertificateServer.Limits(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(2),
                256, 1000));
        String token = tokens.issueForAnyNode(Duration.ofHours(1));
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            slow.add(SlowClient.open(server.port(), edgeCrtHeaders("slow-" + i, token)));
        }
        dribbleBodies();

        await("GET /ca.crt answered beside " + SLOW_CONNECTIONS + " slow uploads").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> caCrtStatus() == 200);

        assertThat(slow).as("the slow clients were still connected while /ca.crt answered")
                .allSatisfy(client -> assertThat(client.closedByServer()).isFalse());
    }

    @Test
    void aBodyNotCompleteWithinTheDeadlineIsAnswered408AndItsConnectionClosed() throws Exception {
        startServer(new CertificateServer.Limits(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(2),
                256, 1000));
        String token = tokens.issueForAnyNode(Duration.ofHours(1));
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            slow.add(SlowClient.open(server.port(), edgeCrtHeaders("slow-" + i, token)));
        }
        dribbleBodies();

        await("the server closes every slow upload").atMost(Duration.ofSeconds(60))
                .until(() -> slow.stream().allMatch(SlowClient::closedByServer));
        assertThat(slow).allSatisfy(client -> assertThat(client.received()).startsWith("HTTP/1.1 408"));
        assertThat(caCrtStatus()).isEqualTo(200);
    }

    @Test
    void dribbledHeadersAreCutOffAtTheConnectionAgeLimit() throws Exception {
        startServer(new CertificateServer.Limits(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(3),
                256, 1000));
        for (int i = 0; i < 10; i++) {
            slow.add(SlowClient.open(server.port(), "GET /ca.crt HTTP/1.1\r\nHost: x\r\n"));
        }
        // Header bytes every 200 ms: each resets the idle timeout, so only the age limit ends them.
        dribbler.scheduleWithFixedDelay(() -> slow.forEach(client -> client.send("X-Slow: 1\r\n")), 0, 200,
                TimeUnit.MILLISECONDS);

        await("the server closes every header dribbler").atMost(Duration.ofSeconds(60))
                .until(() -> slow.stream().allMatch(SlowClient::closedByServer));
        assertThat(caCrtStatus()).isEqualTo(200);
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreClosedAtOnce() throws Exception {
        startServer(new CertificateServer.Limits(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
                256, 5));
        int refusedInHandshake = 0;
        for (int i = 0; i < 12; i++) {
            try {
                slow.add(SlowClient.open(server.port(), "GET /ca.crt HTTP/1.1\r\nHost: x\r\n"));
            } catch (IOException closedAtOnce) {
                refusedInHandshake++;
            }
        }
        int refused = refusedInHandshake;

        await("connections beyond 5 from one address are closed").atMost(Duration.ofSeconds(60))
                .until(() -> refused + slow.stream().filter(SlowClient::closedByServer).count() == 7);
        assertThat(slow.stream().filter(client -> !client.closedByServer()).count()).isEqualTo(5);
        slow.forEach(SlowClient::close);
        await("/ca.crt answers once the client lets go").atMost(Duration.ofSeconds(60))
                .until(() -> caCrtStatus() == 200);
    }

    @Test
    void aFloodOfBadTokensIsRefusedEachTimeButLoggedOncePerInterval() throws Exception {
        startServer(CertificateServer.Limits.defaults());
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        List<Integer> statuses = new ArrayList<>();
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(NodeIdentity.withoutCertificate(ca.certificate()))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; i < 30; i++) {
                statuses.add(http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                        + "/edge.crt")).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer forged-" + i)
                        .header(CertificateServer.NODE_NAME_HEADER, "n" + i)
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            }
        } finally {
            System.setErr(original);
        }

        assertThat(statuses).containsOnly(401).hasSize(30);
        long lines = log.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("Refused certificate"))
                .count();
        // One line per 10 s: one or two here, three on a very slow machine; never one per request.
        assertThat(lines).isBetween(1L, 3L);
    }

    private void dribbleBodies() {
        dribbler.scheduleWithFixedDelay(() -> slow.forEach(client -> client.send("A")), 0, 200, TimeUnit.MILLISECONDS);
    }

    private static String edgeCrtHeaders(String node, String token) {
        return "POST /edge.crt HTTP/1.1\r\nHost: 127.0.0.1\r\n" + CertificateServer.NODE_NAME_HEADER + ": " + node
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/pkcs10\r\n"
                + "Content-Length: 4000\r\n\r\n";
    }

    /** 200, or -1 when the request failed or took longer than 5 s. */
    private int caCrtStatus() {
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(NodeIdentity.withoutCertificate(ca.certificate()))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/ca.crt"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A TLS connection that sends what it is told, when told; a thread notices when the server closes it. */
    private static final class SlowClient {
        private final SSLSocket socket;
        private final OutputStream out;
        private final StringBuffer received = new StringBuffer();
        private final AtomicBoolean closedByServer = new AtomicBoolean();

        private SlowClient(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            Thread reader = new Thread(this::readUntilClosed, "slow-client-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static SlowClient open(int port, String start) throws Exception {
            SSLContext context = NodeIdentity.withoutCertificate(ca.certificate());
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
            socket.startHandshake();
            SlowClient client = new SlowClient(socket);
            client.send(start);
            return client;
        }

        synchronized void send(String text) {
            if (closedByServer.get() || socket.isClosed()) {
                return;
            }
            try {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                closedByServer.set(true);
            }
        }

        private void readUntilClosed() {
            try (InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // reset or closed: either way the server let go (or the test closed it)
            }
            closedByServer.set(true);
        }

        boolean closedByServer() {
            return closedByServer.get();
        }

        String received() {
            return received.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
