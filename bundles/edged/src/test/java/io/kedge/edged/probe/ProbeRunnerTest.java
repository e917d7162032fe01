package io.kedge.edged.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.RuntimeFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {
    private static final ExecFunction NO_EXEC = (command, timeout) -> {
        throw new AssertionError("no exec expected");
    };

    private HttpServer server;
    private ExecutorService serverThreads;
    private ExecutorService clientThreads;
    private ProbeRunner runner;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<String> seenHeader = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            seenHeader.set(exchange.getRequestHeaders().getFirst("X-Probe"));
            respond(exchange, 200);
        });
        server.createContext("/fail", exchange -> respond(exchange, 500));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            respond(exchange, 302);
        });
        server.createContext("/away", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://192.0.2.1:81/elsewhere");
            respond(exchange, 301);
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200);
        });
        serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.start();
        clientThreads = Executors.newFixedThreadPool(2);
        runner = new ProbeRunner(HttpClient.newBuilder().executor(clientThreads).build());
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        clientThreads.shutdownNow();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private ProbeSpec http(String path, int timeoutSeconds) {
        return new ProbeSpec(new ProbeSpec.HttpGet("HTTP", "", server.getAddress().getPort(), path,
                List.of(Map.entry("X-Probe", "yes"), Map.entry("Host", "ignored"))),
                Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(timeoutSeconds), 1, 3);
    }

    @Test
    void httpSuccessFailureRedirectAndHeaders() {
        ProbeResult ok = runner.run(http("/ok", 5), "127.0.0.1", NO_EXEC);
        assertThat(ok.succeeded()).isTrue();
        assertThat(seenHeader.get()).isEqualTo("yes");
        ProbeResult failed = runner.run(http("/fail", 5), "", NO_EXEC);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("500");
        assertThat(runner.run(http("/moved", 5), "127.0.0.1", NO_EXEC).message()).isEqualTo("HTTP 200");
        ProbeResult away = runner.run(http("/away", 5), "127.0.0.1", NO_EXEC);
        assertThat(away.succeeded()).isTrue();
        assertThat(away.message()).contains("not followed");
    }

    @Test
    void httpTimeoutIsFailure() {
        ProbeResult slow = runner.run(http("/slow", 1), "127.0.0.1", NO_EXEC);
        assertThat(slow.succeeded()).isFalse();
        assertThat(slow.message()).contains("timeout");
    }

    @Test
    void httpConnectionRefusedIsFailure() throws IOException {
        int closed = closedPort();
        ProbeSpec spec = new ProbeSpec(new ProbeSpec.HttpGet("HTTP", "127.0.0.1", closed, "/", List.of()),
                Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(5), 1, 3);
        assertThat(runner.run(spec, "", NO_EXEC).succeeded()).isFalse();
    }

    @Test
    void tcpOpenAndClosed() throws IOException {
        try (ServerSocket open = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(runner.run(tcp(open.getLocalPort()), "127.0.0.1", NO_EXEC).succeeded()).isTrue();
        }
        ProbeResult closed = runner.run(tcp(closedPort()), "", NO_EXEC);
        assertThat(closed.succeeded()).isFalse();
        assertThat(closed.message()).startsWith("dial tcp 127.0.0.1:");
    }

    @Test
    void execExitCodeAndRuntimeFailure() {
        ProbeSpec spec = new ProbeSpec(new ProbeSpec.Exec(List.of("check")), Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(2), 1, 3);
        AtomicReference<Duration> timeoutSeen = new AtomicReference<>();
        assertThat(runner.run(spec, "", (command, timeout) -> {
            timeoutSeen.set(timeout);
            return new ExecResult(0, "fine".getBytes(StandardCharsets.UTF_8), new byte[0]);
        })).isEqualTo(ProbeResult.success("fine"));
        assertThat(timeoutSeen.get()).isEqualTo(Duration.ofSeconds(2));
        ProbeResult one = runner.run(spec, "", (command, timeout) -> new ExecResult(1, new byte[0],
                "broken".getBytes(StandardCharsets.UTF_8)));
        assertThat(one.succeeded()).isFalse();
        assertThat(one.message()).contains("exited with 1").contains("broken");
        ProbeResult failure = runner.run(spec, "", (command, timeout) -> {
            throw new RuntimeFailure(RuntimeFailure.NOT_FOUND, "container gone");
        });
        assertThat(failure.succeeded()).isFalse();
        assertThat(failure.message()).contains("container gone");
    }

    private static ProbeSpec tcp(int port) {
        return new ProbeSpec(new ProbeSpec.TcpSocket("", port), Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1, 3);
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
