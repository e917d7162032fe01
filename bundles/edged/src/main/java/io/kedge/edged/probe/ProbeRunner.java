package io.kedge.edged.probe;

import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.RuntimeFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one probe as the kubelet does: httpGet succeeds on a status 200..399 within the timeout,
 * following redirects only to the same host and port (a redirect elsewhere counts as success, as
 * in the kubelet, and is not fetched); tcpSocket on a connect within the timeout; exec on exit code
 * 0. A probe never throws: every failure is a {@link ProbeResult} with a message.
 *
 * <p>The client should not follow redirects itself ({@link HttpClient.Redirect#NEVER}, the
 * default); its executor is the caller's.
 */
public final class ProbeRunner {
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_OUTPUT = 512;

    private final Supplier<HttpClient> client;

    public ProbeRunner(HttpClient client) {
        this(() -> client);
    }

    /** With a client made on first use: an HttpClient keeps a selector thread, which a node without httpGet probes need not pay. */
    public ProbeRunner(Supplier<HttpClient> client) {
        this.client = client;
    }

    /**
     * @param podIp the pod's IP, the host when the probe names none (empty: 127.0.0.1, for pods
     *              on the host network or a runtime without one)
     * @param exec  runs a command in the probed container
     */
    public ProbeResult run(ProbeSpec spec, String podIp, ExecFunction exec) {
        String defaultHost = podIp == null || podIp.isEmpty() ? "127.0.0.1" : podIp;
        if (spec.handler() instanceof ProbeSpec.HttpGet get) {
            return httpGet(get, host(get.host(), defaultHost), spec.timeout());
        }
        if (spec.handler() instanceof ProbeSpec.TcpSocket tcp) {
            return tcp(host(tcp.host(), defaultHost), tcp.port(), spec.timeout());
        }
        return exec(((ProbeSpec.Exec) spec.handler()).command(), spec.timeout(), exec);
    }

    private ProbeResult httpGet(ProbeSpec.HttpGet get, String host, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(get.scheme().toLowerCase() + "://" + bracketed(host) + ":" + get.port() + get.path());
        } catch (IllegalArgumentException badUri) {
            return ProbeResult.failure("invalid probe URL: " + badUri.getMessage());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> response;
            try {
                response = send(request(uri, get, timeout), deadline);
            } catch (TimeoutException late) {
                return ProbeResult.failure("Get " + uri + ": timeout after " + timeout.toMillis() + " ms");
            } catch (IOException | ExecutionException | IllegalArgumentException failed) {
                Throwable cause = failed instanceof ExecutionException && failed.getCause() != null
                        ? failed.getCause() : failed;
                return ProbeResult.failure("Get " + uri + ": " + cause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return ProbeResult.failure("Get " + uri + ": interrupted");
            }
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status < 300 || status >= 400 || location.isEmpty()) {
                return status >= 200 && status < 400 ? ProbeResult.success("HTTP " + status)
                        : ProbeResult.failure("HTTP probe failed with statuscode: " + status);
            }
            URI next;
            try {
                next = uri.resolve(location.get());
            } catch (IllegalArgumentException badLocation) {
                return ProbeResult.success("HTTP " + status + " to an unusable location");
            }
            if (!sameServer(uri, next)) {
                return ProbeResult.success("HTTP " + status + " to another host, not followed: " + next);
            }
            uri = next;
        }
        return ProbeResult.failure("Get " + uri + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private HttpRequest request(URI uri, ProbeSpec.HttpGet get, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("User-Agent", "kube-probe/1.32").header("Accept", "*/*");
        for (Map.Entry<String, String> header : get.headers()) {
            try {
                request.setHeader(header.getKey(), header.getValue());
            } catch (IllegalArgumentException restricted) {
                // the JDK refuses headers such as Host or Connection: the probe goes without it
            }
        }
        return request.build();
    }

    /** Sends with the whole probe bounded by its timeout, connect included. */
    private HttpResponse<Void> send(HttpRequest request, long deadline)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<HttpResponse<Void>> response = client.get().sendAsync(request,
                HttpResponse.BodyHandlers.discarding());
        try {
            return response.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            response.cancel(true);
        }
    }

    private static ProbeResult tcp(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return ProbeResult.success("connected to " + host + ":" + port);
        } catch (IOException | IllegalArgumentException refused) {
            return ProbeResult.failure("dial tcp " + host + ":" + port + ": " + refused.getMessage());
        }
    }

    private static ProbeResult exec(java.util.List<String> command, Duration timeout, ExecFunction exec) {
        try {
            ExecResult result = exec.exec(command, timeout);
            if (result.exitCode() == 0) {
                return ProbeResult.success(excerpt(result.stdout()));
            }
            return ProbeResult.failure("command " + command + " exited with " + result.exitCode() + ": "
                    + excerpt(result.stderr()) + excerpt(result.stdout()));
        } catch (RuntimeFailure failure) {
            return ProbeResult.failure("command " + command + " could not run (" + failure.reason() + "): "
                    + failure.getMessage());
        }
    }

    private static String excerpt(byte[] output) {
        if (output == null) {
            return "";
        }
        String text = new String(output, 0, Math.min(output.length, MAX_OUTPUT), StandardCharsets.UTF_8);
        return text.strip();
    }

    private static boolean sameServer(URI from, URI to) {
        return from.getScheme().equalsIgnoreCase(String.valueOf(to.getScheme()))
                && from.getHost().equalsIgnoreCase(String.valueOf(to.getHost())) && port(from) == port(to);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String host(String probeHost, String defaultHost) {
        return probeHost.isEmpty() ? defaultHost : probeHost;
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
