package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The link's HttpClient, built on {@link NodeTls} as EdgeHub builds it, against a minimal wss://
 * server that requires a client certificate (as CloudHub does): the node presents its current
 * certificate, trusts only the cluster CA, and a swap leaves the open session alone.
 */
class TlsWebSocketTest {
    private static final String NODE = "edge-1";

    private final TestCertificateAuthority ca = new TestCertificateAuthority("kedge-test-ca");
    private final ExecutorService io = Executors.newCachedThreadPool();
    private final NodeTls tls = new NodeTls(Clock.systemUTC());
    private final HttpClient client = HttpClient.newBuilder().sslContext(tls.context()).executor(io).build();
    private TinyWssServer server;

    @AfterEach
    void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        io.shutdownNow();
    }

    @Test
    void presentsTheCurrentCertificateAndKeepsTheOpenSessionAcrossASwap() throws Exception {
        server = new TinyWssServer(ca.serverContext());
        NodeCredentials first = credentials();
        tls.use(first);
        Received received = new Received();
        WebSocket firstSession = open(received);
        assertThat(server.clientCertificates()).containsExactly(first.certificate());

        NodeCredentials renewed = credentials();
        tls.use(renewed);
        open(new Received());
        assertThat(server.clientCertificates()).containsExactly(first.certificate(), renewed.certificate());

        server.sendText(0, "still here");
        assertThat(received.text.get(5, TimeUnit.SECONDS)).isEqualTo("still here");
        assertThat(firstSession.isInputClosed()).isFalse();
    }

    @Test
    void refusesACloudWhoseCertificateAnotherCaIssued() throws Exception {
        server = new TinyWssServer(new TestCertificateAuthority("impostor").serverContext());
        tls.use(credentials());

        assertThatThrownBy(() -> open(new Received())).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void verifiesTheCloudsHostName() throws Exception {
        server = new TinyWssServer(ca.serverContext(new GeneralName(GeneralName.dNSName, "cloud.example")));
        tls.use(credentials());

        assertThatThrownBy(() -> open(new Received())).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasRootCauseMessage("No subject alternative names matching IP address 127.0.0.1 found");
    }

    private WebSocket open(Received listener) throws Exception {
        return client.newWebSocketBuilder()
                .buildAsync(URI.create("wss://127.0.0.1:" + server.port() + "/p/" + NODE + "/events"), listener)
                .get(10, TimeUnit.SECONDS);
    }

    private NodeCredentials credentials() {
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        return new NodeCredentials(ca.certificate(), ca.issueNode(NODE, keys.getPublic(),
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(1))), keys.getPrivate());
    }

    private static final class Received implements WebSocket.Listener {
        final CompletableFuture<String> text = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.complete(data.toString());
            return null;
        }
    }

    /** Just enough of RFC 6455 over TLS: the upgrade, and unmasked text frames to the client. */
    private static final class TinyWssServer implements AutoCloseable {
        private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
        private final SSLServerSocket socket;
        private final List<SSLSocket> sessions = new CopyOnWriteArrayList<>();
        private final List<X509Certificate> clientCertificates = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        TinyWssServer(SSLContext context) throws IOException {
            socket = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
            socket.setNeedClientAuth(true);
            acceptor = new Thread(this::acceptAll, "tiny-wss");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<X509Certificate> clientCertificates() {
            return List.copyOf(clientCertificates);
        }

        void sendText(int session, String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            OutputStream out = sessions.get(session).getOutputStream();
            out.write(new byte[] {(byte) 0x81, (byte) payload.length});
            out.write(payload);
            out.flush();
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try {
                    SSLSocket session = (SSLSocket) socket.accept();
                    try {
                        session.startHandshake();
                        upgrade(session);
                        clientCertificates.add((X509Certificate) session.getSession().getPeerCertificates()[0]);
                        sessions.add(session);
                    } catch (IOException refused) {
                        session.close();
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void upgrade(SSLSocket session) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(session.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            session.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            session.getOutputStream().flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (SSLSocket session : sessions) {
                session.close();
            }
        }
    }
}
