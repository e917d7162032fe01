package io.kedge.edgehub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kedge.protocol.join.JoinContract;
import io.kedge.protocol.join.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The cloud's certificate server for tests, over real HTTPS on 127.0.0.1: {@code GET /ca.crt} and
 * {@code POST /edge.crt} with the answers of the real one (200 PEM, 400, 401, 403), the token or
 * the client certificate as credential. It records every request, so tests can see what the node
 * sent, and over which TLS identity.
 */
final class TestCertificateServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(Instant at, String method, String path, Optional<String> authorization, Optional<String> nodeName,
            Optional<X509Certificate> clientCertificate, int status) {
    }

    /** When an issued node certificate is valid. */
    record Window(Instant notBefore, Instant notAfter) {
    }

    private final TestCertificateAuthority ca;
    private volatile String validToken;
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<X509Certificate> issued = new CopyOnWriteArrayList<>();
    /** Forced answers to the next POSTs, as "status reason". */
    private final Queue<String> forcedAnswers = new ConcurrentLinkedQueue<>();
    private volatile IntFunction<Window> validity = count -> new Window(Instant.now().minusSeconds(60),
            Instant.now().plusSeconds(3600));
    private volatile boolean refuseRenewals;
    private volatile String tokenRefusal;

    TestCertificateServer(TestCertificateAuthority ca, String validToken) throws IOException {
        this.ca = ca;
        this.validToken = validToken;
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()) {
            @Override
            public void configure(HttpsParameters params) {
                // want, not need: a joining node has no certificate yet; a renewing one shows it.
                params.setWantClientAuth(true);
            }
        });
        server.createContext(JoinContract.CA_PATH, this::caCertificate);
        server.createContext(JoinContract.CERTIFICATE_PATH, this::edgeCertificate);
        server.createContext("/whoami", exchange -> {
            record(exchange, 200);
            answer(exchange, 200, "text/plain", "ok");
        });
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Certificates issued so far, oldest first. */
    List<X509Certificate> issued() {
        return List.copyOf(issued);
    }

    /** The validity of each issued certificate, by how many were issued before it. */
    void validity(IntFunction<Window> validity) {
        this.validity = validity;
    }

    /** The next POST gets this answer instead, e.g. {@code forceAnswer(503, "busy")}. */
    void forceAnswer(int status, String reason) {
        forcedAnswers.add(status + " " + reason);
    }

    /** Every token is refused with 401 and this reason (as for an expired token). */
    /** From now on the token a join must show (a fresh one, the old one used up). */
    void acceptToken(String token) {
        validToken = token;
    }

    void refuseTokens(String reason) {
        tokenRefusal = reason;
    }

    void refuseRenewals(boolean refuse) {
        refuseRenewals = refuse;
    }

    private void caCertificate(HttpExchange exchange) throws IOException {
        record(exchange, 200);
        boolean der = "application/pkix-cert".equals(exchange.getRequestHeaders().getFirst("Accept"));
        if (der) {
            try {
                answer(exchange, 200, "application/pkix-cert", ca.certificate().getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException(e);
            }
        } else {
            answer(exchange, 200, "application/x-pem-file", Pem.certificate(ca.certificate()));
        }
    }

    private void edgeCertificate(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String forced = forcedAnswers.poll();
        if (forced != null) {
            int space = forced.indexOf(' ');
            refuse(exchange, Integer.parseInt(forced.substring(0, space)), forced.substring(space + 1));
            return;
        }
        String nodeName = exchange.getRequestHeaders().getFirst(JoinContract.NODE_NAME_HEADER);
        if (nodeName == null || nodeName.isBlank()) {
            refuse(exchange, 400, "NodeName header missing");
            return;
        }
        Optional<X509Certificate> client = clientCertificate(exchange);
        if (client.isPresent()) {
            String commonName = NodeCredentials.commonName(client.get().getSubjectX500Principal()).orElse("");
            if (refuseRenewals || !commonName.equals(NodeCredentials.commonNameFor(nodeName))) {
                refuse(exchange, 401, "client certificate not accepted for " + nodeName);
                return;
            }
        } else {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.equals(JoinContract.bearer(validToken))) {
                refuse(exchange, 401, "token missing or invalid");
                return;
            }
            if (tokenRefusal != null) {
                refuse(exchange, 401, tokenRefusal);
                return;
            }
        }
        PKCS10CertificationRequest csr;
        PublicKey csrKey;
        try {
            csr = parseCsr(body);
            // the JDK's EC key factory; BouncyCastle is not installed as a provider here either
            csrKey = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csrKey))) {
                refuse(exchange, 400, "CSR signature invalid");
                return;
            }
        } catch (Exception e) {
            refuse(exchange, 400, "bad CSR: " + e.getMessage());
            return;
        }
        String csrName = csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue().toString();
        if (!csrName.equals(NodeCredentials.commonNameFor(nodeName))) {
            refuse(exchange, 403, "CSR is for " + csrName);
            return;
        }
        Window window = validity.apply(issued.size());
        X509Certificate certificate;
        try {
            certificate = ca.issueNode(nodeName, csrKey, window.notBefore(), window.notAfter());
        } catch (Exception e) {
            refuse(exchange, 400, "cannot issue: " + e.getMessage());
            return;
        }
        issued.add(certificate);
        record(exchange, 200);
        answer(exchange, 200, "application/x-pem-file", Pem.certificate(certificate));
    }

    private static PKCS10CertificationRequest parseCsr(byte[] body) throws IOException {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (text.startsWith("-----BEGIN")) {
            try (PemReader reader = new PemReader(new StringReader(text))) {
                return new PKCS10CertificationRequest(reader.readPemObject().getContent());
            }
        }
        return new PKCS10CertificationRequest(body);
    }

    private void refuse(HttpExchange exchange, int status, String reason) throws IOException {
        record(exchange, status);
        answer(exchange, status, "text/plain", reason);
    }

    private void record(HttpExchange exchange, int status) {
        var headers = exchange.getRequestHeaders();
        requests.add(new Request(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Optional.ofNullable(headers.getFirst("Authorization")),
                Optional.ofNullable(headers.getFirst(JoinContract.NODE_NAME_HEADER)),
                clientCertificate(exchange), status));
    }

    private static Optional<X509Certificate> clientCertificate(HttpExchange exchange) {
        try {
            Certificate[] chain = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            return Optional.of((X509Certificate) chain[0]);
        } catch (SSLPeerUnverifiedException none) {
            return Optional.empty();
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        answer(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
