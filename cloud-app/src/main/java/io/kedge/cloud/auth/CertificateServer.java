package io.kedge.cloud.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS endpoint where a joining node fetches the CA ({@code GET /ca.crt}) and trades its join
 * token and a CSR for a client certificate ({@code GET|POST /edge.crt}, KubeEdge uses GET with the
 * CSR as body). Port 10002 as in KubeEdge.
 *
 * <p>A node renews its certificate over the same path, showing its current client certificate
 * instead of a token. As in KubeEdge's cloudcore, a presented certificate decides: it must be the
 * certificate of the node named in the {@code NodeName} header, whatever else the request holds.
 */
public final class CertificateServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 10002;
    public static final int MAX_CSR_BYTES = 64 * 1024;
    /** Oversize bodies up to this are read and discarded before the 413; larger ones just close the connection. */
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;
    public static final String NODE_NAME_HEADER = "NodeName";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateServer.class);
    private static final String PEM_TYPE = "application/x-pem-file";
    private static final String DER_TYPE = "application/pkix-cert";
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final Server server;
    private final ServerConnector connector;

    private CertificateServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts serving with the cloud's shared server certificate; node certificates it signs are
     * valid for {@code nodeCertLifetime}. Port 0 picks a free port. Prints the address, as scripts
     * and tests wait for that line.
     */
    public static CertificateServer start(ClusterCa ca, JoinTokens tokens, ServerTls tls, String bindAddress, int port,
            Duration nodeCertLifetime) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("kedge-certs");
        Server server = new Server(threads);
        // Optional client certificates: joining nodes have none yet, renewing nodes show theirs.
        ServerConnector connector = tls.newConnector(server, ServerTls.ClientCertificates.OPTIONAL);
        connector.setHost(bindAddress);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new CertificateHandler(ca, tokens, nodeCertLifetime));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        System.out.println("Certificate server listening on https://" + ServerNames.inUrl(bindAddress) + ":"
                + connector.getLocalPort());
        System.out.flush();
        return new CertificateServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Certificate server did not stop cleanly", e);
        }
    }

    /** Routes and answers; every refusal is plain text saying why, so an operator can act on it. */
    private static final class CertificateHandler extends Handler.Abstract {
        private final ClusterCa ca;
        private final JoinTokens tokens;
        private final Duration nodeCertLifetime;

        CertificateHandler(ClusterCa ca, JoinTokens tokens, Duration nodeCertLifetime) {
            this.ca = ca;
            this.tokens = tokens;
            this.nodeCertLifetime = nodeCertLifetime;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            switch (path) {
                case "/ca.crt" -> {
                    if (!method.equals("GET")) {
                        Answer answer = Answer.text(HttpStatus.METHOD_NOT_ALLOWED_405, "use GET");
                        reply(response, callback, answer.status(), answer.contentType(), answer.body());
                    } else {
                        Answer answer = Answer.certificate(request, ca.certificate());
                        reply(response, callback, answer.status(), answer.contentType(), answer.body());
                    }
                }
                case "/edge.crt" -> {
                    if (!method.equals("GET") && !method.equals("POST")) {
                        Answer answer = Answer.text(HttpStatus.METHOD_NOT_ALLOWED_405, "use GET or POST");
                        reply(response, callback, answer.status(), answer.contentType(), answer.body());
                    } else {
                        Answer answer = edgeCertificate(request);
                        reply(response, callback, answer.status(), answer.contentType(), answer.body());
                    }
                }
                default -> {
                    Answer answer = Answer.text(HttpStatus.NOT_FOUND_404, "no such resource");
                    reply(response, callback, answer.status(), answer.contentType(), answer.body());
                }
            }
            return true;
        }

        private Answer edgeCertificate(Request request) {
            String nodeName = request.getHeaders().get(NODE_NAME_HEADER);
            Optional<X509Certificate> clientCertificate = NodeCertificates.peer(request);
            if (clientCertificate.isEmpty()) {
                try {
                    verifyBearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
                } catch (InvalidTokenException e) {
                    LOG.info("Refused certificate for node {}: {}", nodeName, e.getMessage());
                    return Answer.text(HttpStatus.UNAUTHORIZED_401, "unauthorized: " + e.getMessage());
                }
            }
            if (nodeName == null || nodeName.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(nodeName).matches()) {
                return Answer.text(HttpStatus.BAD_REQUEST_400,
                        "header " + NODE_NAME_HEADER + " must be a DNS-1123 subdomain (lower-case node name)");
            }
            if (clientCertificate.isPresent()) {
                Answer refusal = renewalRefusal(clientCertificate.get(), nodeName, request);
                if (refusal != null) {
                    return refusal;
                }
            }
            Answer tooLarge = Answer.text(HttpStatus.PAYLOAD_TOO_LARGE_413, "CSR larger than " + MAX_CSR_BYTES + " bytes");
            if (request.getLength() > DRAIN_LIMIT_BYTES) {
                return tooLarge;
            }
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_CSR_BYTES + 1);
                if (body.length > MAX_CSR_BYTES) {
                    // Read the rest (bounded) so the client, still sending, gets to see the 413.
                    in.skipNBytes(Math.max(0, request.getLength() - body.length));
                    return tooLarge;
                }
            } catch (IOException e) {
                return Answer.text(HttpStatus.BAD_REQUEST_400, "cannot read the request body: " + e.getMessage());
            }
            PKCS10CertificationRequest csr;
            try {
                csr = Pem.readCsr(body);
            } catch (IOException e) {
                return Answer.text(HttpStatus.BAD_REQUEST_400, "body is not a PEM or DER PKCS#10 CSR: " + e.getMessage());
            }
            try {
                return Answer.certificate(request, ca.signNodeCsr(csr, nodeName, nodeCertLifetime));
            } catch (NodeNameMismatchException e) {
                LOG.warn("Refused certificate for node {}: {}", nodeName, e.getMessage());
                return Answer.text(HttpStatus.FORBIDDEN_403, "forbidden: " + e.getMessage());
            } catch (CsrRejectedException e) {
                return Answer.text(HttpStatus.BAD_REQUEST_400, "bad CSR: " + e.getMessage());
            }
        }

        /** A current node certificate renews only that node's; the TLS handshake already checked the CA. */
        private static Answer renewalRefusal(X509Certificate certificate, String nodeName, Request request) {
            Optional<String> invalid = NodeCertificates.outsideValidity(certificate);
            if (invalid.isPresent()) {
                LOG.warn("Refused renewal for node {} from {}: client certificate {}", nodeName,
                        request.getConnectionMetaData().getRemoteSocketAddress(), invalid.get());
                return Answer.text(HttpStatus.FORBIDDEN_403, "forbidden: client certificate " + invalid.get()
                        + "; join again with a token");
            }
            Optional<String> certifiedNode = NodeCertificates.nodeName(certificate);
            if (certifiedNode.isPresent() && certifiedNode.get().equals(nodeName)) {
                return null;
            }
            String holder = certifiedNode.map(node -> "node " + node)
                    .orElse("'" + NodeCertificates.describe(certificate) + "'");
            LOG.warn("Refused renewal for node {} from {}: client certificate CN '{}' is not '{}'", nodeName,
                    request.getConnectionMetaData().getRemoteSocketAddress(), NodeCertificates.describe(certificate),
                    NodeCertificates.commonNameOf(nodeName));
            return Answer.text(HttpStatus.FORBIDDEN_403,
                    "forbidden: certificate of " + holder + " may not renew node " + nodeName);
        }

        /** Accepts the full join token or, as KubeEdge's edgecore sends it, only its JWT part. */
        private void verifyBearer(String authorization) throws InvalidTokenException {
            if (authorization == null || authorization.isBlank()) {
                throw new InvalidTokenException(InvalidTokenException.Reason.MISSING, "send 'Authorization: Bearer <token>'");
            }
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "expected a Bearer token");
            }
            String token = authorization.substring(7).trim();
            long dots = token.chars().filter(c -> c == '.').count();
            if (dots == 2) {
                tokens.verifyJwt(token);
            } else {
                tokens.verify(token);
            }
        }

        private static void reply(Response response, Callback callback, int status, String contentType, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    private record Answer(int status, String contentType, byte[] body) {
        static Answer text(int status, String message) {
            return new Answer(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** PEM unless the client asks for DER (RFC 2585's application/pkix-cert), which is what KubeEdge serves. */
        static Answer certificate(Request request, X509Certificate certificate) {
            String accept = request.getHeaders().get(HttpHeader.ACCEPT);
            if (accept != null && accept.contains(DER_TYPE)) {
                try {
                    return new Answer(HttpStatus.OK_200, DER_TYPE, certificate.getEncoded());
                } catch (CertificateEncodingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new Answer(HttpStatus.OK_200, PEM_TYPE, Pem.certificate(certificate).getBytes(StandardCharsets.US_ASCII));
        }
    }
}
