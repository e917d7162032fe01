package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node renews its certificate at /edge.crt by showing the one it has instead of a join token. */
@MockApi
class CertificateRenewalTest {
    private static final Duration NODE_LIFETIME = Duration.ofDays(90);

    static KubernetesClient client;
    private static ClusterCa ca;
    private static JoinTokens tokens;
    private static CertificateServer server;
    private static NodeRevocations revocations;

    @BeforeAll
    static void start() throws Exception {
        ca = ClusterCa.loadOrCreate(client, ClusterCa.DEFAULT_NAMESPACE);
        tokens = new JoinTokens(ca);
        ServerTls tls = ServerTls.issue(ca, ServerNames.forCertificate(List.of(), "127.0.0.1"));
        revocations = NodeRevocations.watch(client, ClusterCa.DEFAULT_NAMESPACE);
        server = CertificateServer.start(ca, new JoinAdmission(tokens,
                new ClusterUsedTokenIds(client, ClusterCa.DEFAULT_NAMESPACE), revocations),
                tls, "127.0.0.1", 0, NODE_LIFETIME);
    }

    @AfterAll
    static void stop() {
        server.close();
        revocations.close();
    }

    @Test
    void aRevokedNodeCannotRenewButJoinsAgainWithANewToken() throws Exception {
        NodeIdentity current = NodeIdentity.issue(ca, "renew-r", Duration.ofHours(1));
        NodeRevocations.revoke(client, ClusterCa.DEFAULT_NAMESPACE, "renew-r", Instant.now());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> revocations.refusal("renew-r", current.certificate()).isPresent());

        HttpResponse<String> renewal = edgeCrt(current.sslContext(), null, "renew-r", NodeKeys.csrFor("renew-r"));
        HttpResponse<String> join = edgeCrt(NodeIdentity.withoutCertificate(ca.certificate()),
                "Bearer " + tokens.issueForNode("renew-r", Duration.ofMinutes(5)), "renew-r", NodeKeys.csrFor("renew-r"));

        assertThat(renewal.statusCode()).isEqualTo(403);
        assertThat(renewal.body()).contains("revoked");
        assertThat(join.statusCode()).as(join.body()).isEqualTo(200);
    }

    @Test
    void aNodeRenewsWithItsCurrentCertificateAndGetsTheConfiguredLifetime() throws Exception {
        NodeIdentity current = NodeIdentity.issue(ca, "renew-a", Duration.ofHours(1));
        KeyPair nextKeys = NodeKeys.newKeyPair();

        HttpResponse<String> response = edgeCrt(current.sslContext(), null, "renew-a",
                NodeKeys.csr(nextKeys, "CN=system:node:renew-a"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        X509Certificate renewed = Pem.readCertificate(response.body());
        renewed.verify(ca.certificate().getPublicKey());
        assertThat(renewed.getSubjectX500Principal().getName()).contains("CN=system:node:renew-a");
        assertThat(renewed.getPublicKey()).isEqualTo(nextKeys.getPublic());
        assertThat(renewed.getNotAfter().toInstant())
                .isCloseTo(Instant.now().plus(NODE_LIFETIME), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void aNodesCertificateMayNotRenewAnotherNode() throws Exception {
        NodeIdentity a = NodeIdentity.issue(ca, "renew-b1", Duration.ofHours(1));

        HttpResponse<String> response = edgeCrt(a.sslContext(), null, "renew-b2", NodeKeys.csrFor("renew-b2"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("certificate of node renew-b1 may not renew node renew-b2");
    }

    @Test
    void aPresentedCertificateDecidesEvenBesideAValidToken() throws Exception {
        NodeIdentity a = NodeIdentity.issue(ca, "renew-c1", Duration.ofHours(1));

        HttpResponse<String> response = edgeCrt(a.sslContext(), "Bearer " + tokens.issueForAnyNode(Duration.ofHours(1)),
                "renew-c2", NodeKeys.csrFor("renew-c2"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("certificate of node renew-c1 may not renew node renew-c2");
    }

    @Test
    void aJoinTokenStillWorksAndTheNewCertificateGetsTheConfiguredLifetime() throws Exception {
        HttpResponse<String> response = edgeCrt(NodeIdentity.withoutCertificate(ca.certificate()),
                "Bearer " + tokens.issueForNode("renew-d", Duration.ofHours(1)), "renew-d", NodeKeys.csrFor("renew-d"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Pem.readCertificate(response.body()).getNotAfter().toInstant())
                .isCloseTo(Instant.now().plus(NODE_LIFETIME), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void aCertificateFromAnotherCaCannotRenew() throws Exception {
        NodeIdentity impostor = NodeIdentity.fromAnotherCa("renew-e", ca.certificate());

        Throwable failure = catchThrowable(() -> edgeCrt(impostor.sslContext(), null, "renew-e",
                NodeKeys.csrFor("renew-e")));

        // No HTTP answer at all. With TLS 1.3 the server checks the client certificate after the client
        // considers the handshake done: the client sees the alert (SSLException) or just the closed connection.
        assertThat(failure).isInstanceOf(IOException.class);
    }

    @Test
    void anExpiredCertificateCannotRenewEvenOverAResumedTlsSession() throws Exception {
        NodeIdentity node = NodeIdentity.issue(ca, "renew-g", Duration.ofSeconds(2));
        SSLContext tls = node.sslContext();
        assertThat(edgeCrt(tls, null, "renew-g", NodeKeys.csrFor("renew-g")).statusCode()).isEqualTo(200);
        Instant expired = node.certificate().getNotAfter().toInstant().plusSeconds(1);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expired).toMillis()));

        Throwable failure = catchThrowable(() -> {
            HttpResponse<String> response = edgeCrt(tls, null, "renew-g", NodeKeys.csrFor("renew-g"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(response.body()).contains("expired");
        });

        // Refused in the handshake (a fresh one) or by the server's own check (a resumed session).
        assertThat(failure).satisfiesAnyOf(
                f -> assertThat(f).isNull(),
                f -> assertThat(f).isInstanceOf(IOException.class));
    }

    @Test
    void withoutCertificateOrTokenNothingIsSigned() throws Exception {
        HttpResponse<String> response = edgeCrt(NodeIdentity.withoutCertificate(ca.certificate()), null, "renew-f",
                NodeKeys.csrFor("renew-f"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> edgeCrt(SSLContext tls, String authorization, String nodeName,
            org.bouncycastle.pkcs.PKCS10CertificationRequest csr) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/edge.crt"))
                .timeout(Duration.ofSeconds(10))
                .header(CertificateServer.NODE_NAME_HEADER, nodeName)
                .POST(HttpRequest.BodyPublishers.ofString(Pem.csr(csr), StandardCharsets.US_ASCII));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
