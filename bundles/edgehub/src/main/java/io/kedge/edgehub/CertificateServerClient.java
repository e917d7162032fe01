package io.kedge.edgehub;

import io.kedge.protocol.join.JoinContract;
import io.kedge.protocol.join.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * Talks to the cloud's certificate server (KubeEdge's contract): {@code GET /ca.crt} and
 * {@code POST /edge.crt} with a PKCS#10 request, authenticated by the join token or, to renew, by
 * the node's current client certificate.
 */
final class CertificateServerClient {
    static final int DEFAULT_PORT = 10002;
    static final String TOKEN_ADVICE = "create a fresh token on the cloud side (`kedge token create --node NAME`) "
            + "and run `kedge edge join --token ...` (or write it alone into certs/" + JoinTokenFile.NAME + ", mode 0600)";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Certificates are a few KB; the CA comes from a server not trusted yet, so nothing large is read. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final URI base;
    private final String nodeName;
    private final SSLContext pinned;
    private final Executor executor;

    /**
     * @param pinned trusts only the cluster CA and presents the node's current certificate
     *     ({@link NodeTls#context()})
     */
    CertificateServerClient(URI base, String nodeName, SSLContext pinned, Executor executor) {
        this.base = base;
        this.nodeName = nodeName;
        this.pinned = pinned;
        this.executor = executor;
    }

    URI base() {
        return base;
    }

    /**
     * The CA certificate as the server presents it, over TLS that trusts any server: this one
     * request only, and its answer is worthless until the join token's hash confirms it.
     */
    X509Certificate fetchUnverifiedCa() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint(JoinContract.CA_PATH)).timeout(TIMEOUT)
                .header("Accept", "application/x-pem-file").GET().build();
        Answer answer = exchange(AnyServerTrust.context(), request);
        if (answer.status() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + answer.status() + " " + answer.text());
        }
        try {
            return Pem.readCertificate(answer.body());
        } catch (CertificateException e) {
            throw new IOException("GET " + request.uri() + " did not return a certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Asks for a certificate for {@code csr}. With a token it is a join; without, the TLS client
     * certificate authenticates the request (renewal). Refusals are {@link CertificateRefusedException}s;
     * anything else (network, 5xx) is an {@link IOException} worth retrying.
     */
    X509Certificate requestCertificate(byte[] csr, Optional<JoinToken> token)
            throws IOException, InterruptedException, CertificateRefusedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint(JoinContract.CERTIFICATE_PATH)).timeout(TIMEOUT)
                .header(JoinContract.NODE_NAME_HEADER, nodeName)
                .header("Content-Type", "application/pkcs10")
                .header("Accept", "application/x-pem-file")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csr));
        token.ifPresent(t -> request.header("Authorization", JoinContract.bearer(t.bearerValue())));
        Answer answer = exchange(pinned, request.build());
        int status = answer.status();
        String reason = answer.text();
        switch (status) {
            case 200:
                try {
                    return Pem.readCertificate(answer.body());
                } catch (CertificateException e) {
                    throw new CertificateRefusedException("the certificate server answered 200 without a certificate: "
                            + e.getMessage());
                }
            case 401:
                throw new CertificateRefusedException(token.isPresent()
                        ? "join token refused by the cloud: " + reason + "; " + TOKEN_ADVICE
                        : "the cloud did not accept the node certificate for renewal: " + reason);
            case 403:
                throw new CertificateRefusedException("the cloud refuses to certify node " + nodeName + ": " + reason
                        + "; check node.name in etc/io.kedge.node.cfg");
            case 400, 413:
                throw new CertificateRefusedException("the cloud rejected the certificate request (" + status + "): "
                        + reason);
            default:
                throw new IOException("POST " + endpoint(JoinContract.CERTIFICATE_PATH) + " answered " + status + " " + reason);
        }
    }

    /** A status and a body of at most {@link #MAX_BODY_BYTES}. */
    private record Answer(int status, byte[] body) {
        /** The server's text for a log line: one line, printable, short. */
        String text() {
            String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\p{Cntrl}+", " ");
            if (text.isEmpty()) {
                return "(no reason given)";
            }
            return text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }
    }

    /**
     * One request on a client of its own, so it opens its own connection: a pooled one would carry
     * the TLS identity it was opened with (an old or expired certificate) into the next request.
     */
    private Answer exchange(SSLContext tls, HttpRequest request) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).executor(executor).build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new Answer(response.statusCode(), readLimited(response));
        } finally {
            // Java 21 closes a client at once; on 17 its selector thread ends once the client is collected.
            if ((Object) client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // nothing is left to do for a finished exchange
                }
            }
        }
    }

    private URI endpoint(String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

    private static byte[] readLimited(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IOException("the certificate server sent more than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }
}
