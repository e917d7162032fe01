package io.kedge.cloud.auth;

import io.kedge.protocol.join.JoinContract;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
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
 *
 * <p>Anyone who reaches the port may connect, so no client can hold what others need: request
 * bodies are read without holding a thread and must arrive whole within {@link Limits#bodyDeadline}
 * (else 408 and the connection is closed), a CSR is at most {@link #MAX_CSR_BYTES}, idle
 * connections close, none lives longer than {@link Limits#maxConnectionAge}, and connections are
 * limited in total and per client address.
 */
public final class CertificateServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 10002;
    public static final int MAX_CSR_BYTES = 64 * 1024;
    /** Oversize bodies up to this are read and discarded before the 413; larger ones just close the connection. */
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;
    public static final String NODE_NAME_HEADER = JoinContract.NODE_NAME_HEADER;

    private static final Logger LOG = LoggerFactory.getLogger(CertificateServer.class);
    private static final String PEM_TYPE = "application/x-pem-file";
    private static final String DER_TYPE = "application/pkix-cert";
    /** Shortest time between two log lines about what an unauthenticated client did. */
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /**
     * What one client may hold. An honest node makes two short requests, each on a connection of
     * its own, with a CSR of a few hundred bytes.
     */
    public record Limits(Duration bodyDeadline, Duration idleTimeout, Duration maxConnectionAge, int maxConnections,
            int maxConnectionsPerAddress) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 32);
        }
    }

    private final Server server;
    private final ServerConnector connector;

    private CertificateServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** As {@link #start(ClusterCa, JoinAdmission, ServerTls, String, int, Duration, Limits)} with the default limits. */
    public static CertificateServer start(ClusterCa ca, JoinAdmission admission, ServerTls tls, String bindAddress,
            int port, Duration nodeCertLifetime) throws Exception {
        return start(ca, admission, tls, bindAddress, port, nodeCertLifetime, Limits.defaults());
    }

    /**
     * Starts serving with the cloud's shared server certificate; node certificates it signs are
     * valid for {@code nodeCertLifetime}. Port 0 picks a free port. Prints the address, as scripts
     * and tests wait for that line.
     */
    public static CertificateServer start(ClusterCa ca, JoinAdmission admission, ServerTls tls, String bindAddress,
            int port, Duration nodeCertLifetime, Limits limits) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("kedge-certs");
        Scheduler scheduler = new ScheduledExecutorScheduler("kedge-certs-timer", true);
        Server server = new Server(threads, scheduler, null);
        // Optional client certificates: joining nodes have none yet, renewing nodes show theirs.
        ServerConnector connector = tls.newConnector(server, ServerTls.ClientCertificates.OPTIONAL);
        connector.setHost(bindAddress);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(new ConnectionGuard(limits.maxConnectionsPerAddress(), limits.maxConnectionAge(), scheduler));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new CertificateHandler(ca, admission, nodeCertLifetime, limits.bodyDeadline(), scheduler,
                threads));
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
        private final JoinAdmission admission;
        private final Duration nodeCertLifetime;
        private final Duration bodyDeadline;
        private final Scheduler scheduler;
        private final Executor work;
        /** Anyone can send a bad token: one log line per interval, not one per request. */
        private final LogThrottle refusals = new LogThrottle(LOG_INTERVAL);
        private final LogThrottle slowBodies = new LogThrottle(LOG_INTERVAL);

        CertificateHandler(ClusterCa ca, JoinAdmission admission, Duration nodeCertLifetime, Duration bodyDeadline,
                Scheduler scheduler, Executor work) {
            this.ca = ca;
            this.admission = admission;
            this.nodeCertLifetime = nodeCertLifetime;
            this.bodyDeadline = bodyDeadline;
            this.scheduler = scheduler;
            this.work = work;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange exchange = new Exchange(request, response, callback);
            String method = request.getMethod();
            switch (Request.getPathInContext(request)) {
                case JoinContract.CA_PATH -> exchange.answer(method.equals("GET")
                        ? caCertificate(request)
                        : Answer.text(HttpStatus.METHOD_NOT_ALLOWED_405, "use GET"));
                case JoinContract.CERTIFICATE_PATH -> {
                    if (method.equals("GET") || method.equals("POST")) {
                        edgeCertificate(exchange);
                    } else {
                        exchange.answer(Answer.text(HttpStatus.METHOD_NOT_ALLOWED_405, "use GET or POST"));
                    }
                }
                default -> exchange.answer(Answer.text(HttpStatus.NOT_FOUND_404, "no such resource"));
            }
            return true;
        }

        /**
         * {@code GET /ca.crt}. Sent by: anyone (a joining node checks the answer against its token's
         * hash). Touches: nothing; answers the CA certificate, public by nature.
         */
        private Answer caCertificate(Request request) {
            return Answer.certificate(request, ca.certificate());
        }

        /**
         * {@code GET|POST /edge.crt} with a CSR. Sent by: a joining node with a join token, or a
         * node renewing with its own valid client certificate. Touches: signs a certificate for
         * exactly the node in {@code NodeName}, and only when the token admits that name (a
         * node-bound token only its node, once) or the client certificate is that node's; records
         * a single-use token as used in ConfigMap {@code kedge/kedge-join-tokens-used}.
         */
        private void edgeCertificate(Exchange exchange) {
            Request request = exchange.request();
            String nodeName = request.getHeaders().get(NODE_NAME_HEADER);
            Optional<X509Certificate> clientCertificate = NodeCertificates.peer(request);
            Optional<JoinGrant> grant = Optional.empty();
            if (clientCertificate.isEmpty()) {
                try {
                    grant = Optional.of(admission.verifyBearer(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
                } catch (InvalidTokenException e) {
                    exchange.answer(refusal(e, nodeName, request));
                    return;
                }
            }
            if (!NodeCertificates.isValidNodeName(nodeName)) {
                exchange.answer(Answer.text(HttpStatus.BAD_REQUEST_400,
                        "header " + NODE_NAME_HEADER + " must be a DNS-1123 subdomain (lower-case node name)"));
                return;
            }
            if (clientCertificate.isPresent()) {
                Answer refusal = renewalRefusal(clientCertificate.get(), nodeName, request);
                if (refusal != null) {
                    exchange.answer(refusal);
                    return;
                }
            }
            if (grant.isPresent()) {
                Answer refusal = admissionRefusal(grant.get(), nodeName, request);
                if (refusal != null) {
                    exchange.answer(refusal);
                    return;
                }
            }
            if (request.getLength() > DRAIN_LIMIT_BYTES) {
                exchange.answer(tooLarge());
                return;
            }
            Optional<JoinGrant> admitted = grant;
            exchange.readBody(bodyDeadline, scheduler, work, slowBodies, body -> sign(body, nodeName, admitted, request));
        }

        private Answer sign(byte[] body, String nodeName, Optional<JoinGrant> grant, Request request) {
            PKCS10CertificationRequest csr;
            try {
                csr = Pem.readCsr(body);
            } catch (CsrRejectedException e) {
                return Answer.text(HttpStatus.BAD_REQUEST_400, "body is not a PEM or DER PKCS#10 CSR: " + e.getMessage());
            }
            X509Certificate issued;
            try {
                issued = ca.signNodeCsr(csr, nodeName, nodeCertLifetime);
            } catch (NodeNameMismatchException e) {
                LOG.warn("Refused certificate for node {}: {}", nodeName, e.getMessage());
                return Answer.text(HttpStatus.FORBIDDEN_403, "forbidden: " + e.getMessage());
            } catch (CsrRejectedException e) {
                return Answer.text(HttpStatus.BAD_REQUEST_400, "bad CSR: " + e.getMessage());
            }
            if (grant.isPresent()) {
                // Consumed only now, once there is a certificate: a failed request does not waste the token.
                Answer refusal = redeemRefusal(grant.get(), nodeName, request);
                if (refusal != null) {
                    return refusal;
                }
            }
            return Answer.certificate(request, issued);
        }

        private Answer admissionRefusal(JoinGrant grant, String nodeName, Request request) {
            try {
                admission.check(grant, nodeName);
                return null;
            } catch (InvalidTokenException e) {
                return refusal(e, nodeName, request);
            } catch (UsedTokenIds.UnavailableException e) {
                return unavailable(e, nodeName);
            }
        }

        private Answer redeemRefusal(JoinGrant grant, String nodeName, Request request) {
            try {
                admission.redeem(grant, nodeName);
                LOG.info("Node {} joined with {}", nodeName, grant.describe());
                return null;
            } catch (InvalidTokenException e) {
                return refusal(e, nodeName, request);
            } catch (UsedTokenIds.UnavailableException e) {
                return unavailable(e, nodeName);
            }
        }

        private Answer refusal(InvalidTokenException e, String nodeName, Request request) {
            long leftOut = refusals.admit();
            if (leftOut >= 0) {
                LOG.info("Refused certificate for node {} from {}: {}{}", Answer.printable(nodeName),
                        request.getConnectionMetaData().getRemoteSocketAddress(), e.getMessage(),
                        LogThrottle.leftOut(leftOut));
            }
            String prefix = e.httpStatus() == HttpStatus.FORBIDDEN_403 ? "forbidden: " : "unauthorized: ";
            return Answer.text(e.httpStatus(), prefix + e.getMessage());
        }

        private static Answer unavailable(UsedTokenIds.UnavailableException e, String nodeName) {
            LOG.warn("Cannot admit node {}: {}", nodeName, e.getMessage());
            return Answer.text(HttpStatus.SERVICE_UNAVAILABLE_503,
                    "cannot check or record the join token's use now; try again");
        }

        /** A current node certificate renews only that node's; the TLS handshake already checked the CA. */
        private Answer renewalRefusal(X509Certificate certificate, String nodeName, Request request) {
            Optional<String> invalid = NodeCertificates.outsideValidity(certificate);
            if (invalid.isPresent()) {
                LOG.warn("Refused renewal for node {} from {}: client certificate {}", nodeName,
                        request.getConnectionMetaData().getRemoteSocketAddress(), invalid.get());
                return Answer.text(HttpStatus.FORBIDDEN_403, "forbidden: client certificate " + invalid.get()
                        + "; join again with a token");
            }
            Optional<String> certifiedNode = NodeCertificates.nodeName(certificate);
            if (certifiedNode.isPresent() && certifiedNode.get().equals(nodeName)) {
                Optional<String> revoked = admission.revoked(nodeName, certificate);
                if (revoked.isPresent()) {
                    LOG.warn("Refused renewal for node {} from {}: {}", nodeName,
                            request.getConnectionMetaData().getRemoteSocketAddress(), revoked.get());
                    return Answer.text(HttpStatus.FORBIDDEN_403, "forbidden: " + revoked.get());
                }
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
    }

    private static Answer tooLarge() {
        return Answer.text(HttpStatus.PAYLOAD_TOO_LARGE_413, "CSR larger than " + MAX_CSR_BYTES + " bytes");
    }

    /** One request: answered exactly once, by whoever claims it first (the body's handler, or its deadline). */
    private record Exchange(Request request, Response response, Callback callback, AtomicBoolean claimed) {
        Exchange(Request request, Response response, Callback callback) {
            this(request, response, callback, new AtomicBoolean());
        }

        interface BodyHandler {
            Answer handle(byte[] body);
        }

        /**
         * Reads the body without holding a thread while bytes are awaited; {@code then} runs on
         * {@code work}. A body not complete within {@code deadline} is answered 408 and its
         * connection closed, so a client that dribbles bytes holds nothing for long. Once
         * {@code then} has begun, the deadline no longer answers: what it does (consume a token)
         * must reach the client.
         */
        void readBody(Duration deadline, Scheduler scheduler, Executor work, LogThrottle slowLog, BodyHandler then) {
            Scheduler.Task timer = scheduler.schedule(() -> {
                if (claimed.compareAndSet(false, true)) {
                    long leftOut = slowLog.admit();
                    if (leftOut >= 0) {
                        LOG.info("Closing a request from {}: body not complete within {} s{}",
                                request.getConnectionMetaData().getRemoteSocketAddress(), deadline.toSeconds(),
                                LogThrottle.leftOut(leftOut));
                    }
                    respond(Answer.text(HttpStatus.REQUEST_TIMEOUT_408,
                            "request body not complete within " + deadline.toSeconds() + " s"));
                }
            }, deadline);
            Content.Source.asByteArrayAsync(request, MAX_CSR_BYTES).whenCompleteAsync((body, failure) -> {
                if (failure == null) {
                    timer.cancel();
                    if (claimed.compareAndSet(false, true)) {
                        respond(handled(then, body));
                    }
                } else if (request.getLength() > MAX_CSR_BYTES) {
                    // Read the rest (at most DRAIN_LIMIT_BYTES, within the deadline) so the client, still sending,
                    // sees the 413.
                    Content.Source.consumeAll(request, Callback.from(() -> answer(tooLarge()), x -> answer(tooLarge())));
                } else {
                    timer.cancel();
                    answer(Answer.text(HttpStatus.BAD_REQUEST_400, "cannot read the request body (at most "
                            + MAX_CSR_BYTES + " bytes): " + failure.getMessage()));
                }
            }, work);
        }

        /** A bug answers 500 instead of leaving the client waiting (the future would swallow it). */
        private Answer handled(BodyHandler then, byte[] body) {
            try {
                return then.handle(body);
            } catch (RuntimeException e) {
                LOG.error("Failed to answer a certificate request from {}",
                        request.getConnectionMetaData().getRemoteSocketAddress(), e);
                return Answer.text(HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error; see the cloud-app's log");
            }
        }

        /** Answers unless someone answered already. */
        void answer(Answer answer) {
            if (claimed.compareAndSet(false, true)) {
                respond(answer);
            }
        }

        private void respond(Answer answer) {
            response.setStatus(answer.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            if (answer.status() >= 400) {
                // A refused client has nothing more to ask; an unread body must not be waited for either.
                response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }

    private record Answer(int status, String contentType, byte[] body) {
        static Answer text(int status, String message) {
            return new Answer(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** Client-chosen text for a log line: control characters escaped, length bounded. */
        static String printable(String text) {
            if (text == null) {
                return "(none)";
            }
            String bounded = text.length() > 253 ? text.substring(0, 253) + "..." : text;
            return bounded.replaceAll("\\p{Cntrl}", "?");
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
