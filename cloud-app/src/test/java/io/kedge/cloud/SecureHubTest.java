package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.auth.ClusterCa;
import io.kedge.cloud.auth.NodeIdentity;
import io.kedge.cloud.auth.NodeRevocations;
import io.kedge.cloud.hub.CloseCodes;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.net.http.WebSocketHandshakeException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CloudHub with TLS as in production: nodes are who their client certificate says, and nobody else. */
@MockApi
class SecureHubTest {
    static KubernetesClient client;
    private static CloudFixture cloud;
    private static ClusterCa ca;

    @BeforeAll
    static void start() throws Exception {
        cloud = CloudFixture.startSecure(client, "--node-lifecycle", "on",
                "--advertise-address", "cloud.example,10.1.2.3", "--advertise-address", "[fd00::7]");
        // The cloud created the CA in its Secret; a test reads it as 'kedge token' would.
        ca = ClusterCa.loadOrCreate(client, ClusterCa.DEFAULT_NAMESPACE);
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void aNodeWithItsOwnCertificateConnectsOverWssAndRegisters() throws Exception {
        NodeIdentity node = NodeIdentity.issue(ca, "tls-a", Duration.ofHours(1));

        try (FakeNode edge = FakeNode.connectSecure(cloud.port(), "tls-a", node.sslContext())) {
            assertThat(edge.request(EdgeMessages.register("tls-a")).operation()).isEqualTo(Operations.RESPONSE);
            assertThat(client.nodes().withName("tls-a").get()).isNotNull();
            assertThat(cloud.app().hub().isConnected("tls-a")).isTrue();
        }
    }

    @Test
    void anotherNodesCertificateIsRefusedWith403AndLeavesThatNodeAlone() throws Exception {
        NodeIdentity a = NodeIdentity.issue(ca, "tls-b1", Duration.ofHours(1));
        NodeIdentity b = NodeIdentity.issue(ca, "tls-b2", Duration.ofHours(1));

        try (FakeNode nodeB = FakeNode.connectSecure(cloud.port(), "tls-b2", b.sslContext())) {
            assertThat(nodeB.request(EdgeMessages.register("tls-b2")).operation()).isEqualTo(Operations.RESPONSE);

            Throwable refused = catchThrowable(() -> FakeNode.connectSecure(cloud.port(), "tls-b2", a.sslContext()));

            WebSocketHandshakeException upgrade = causeOf(refused, WebSocketHandshakeException.class);
            assertThat(upgrade).as("expected an HTTP refusal, got %s", refused).isNotNull();
            assertThat(upgrade.getResponse().statusCode()).isEqualTo(403);
            assertThat(nodeB.isClosed()).isFalse();
            assertThat(cloud.app().hub().isConnected("tls-b2")).isTrue();
            assertThat(nodeB.request(EdgeMessages.status("tls-b2")).operation()).isEqualTo(Operations.RESPONSE);
        }
    }

    @Test
    void withoutAClientCertificateTheTlsHandshakeFails() {
        Throwable failure = catchThrowable(() -> FakeNode.connectSecure(cloud.port(), "tls-c",
                NodeIdentity.withoutCertificate(ca.certificate())));

        assertFailedInTls(failure);
        assertThat(cloud.app().hub().isConnected("tls-c")).isFalse();
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        NodeIdentity impostor = NodeIdentity.fromAnotherCa("tls-d", ca.certificate());

        Throwable failure = catchThrowable(() -> FakeNode.connectSecure(cloud.port(), "tls-d", impostor.sslContext()));

        assertFailedInTls(failure);
        assertThat(cloud.app().hub().isConnected("tls-d")).isFalse();
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        NodeIdentity node = NodeIdentity.issue(ca, "tls-e", Duration.ofSeconds(2));
        SSLContext used = node.sslContext();
        try (FakeNode edge = FakeNode.connectSecure(cloud.port(), "tls-e", used)) {
            assertThat(edge.request(EdgeMessages.register("tls-e")).operation()).isEqualTo(Operations.RESPONSE);
        }
        Instant expired = node.certificate().getNotAfter().toInstant().plusSeconds(1);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expired).toMillis()));

        assertRefused(catchThrowable(() -> FakeNode.connectSecure(cloud.port(), "tls-e", node.sslContext())));
        // The same SSLContext may offer to resume its TLS session: that must not outlive the certificate.
        assertRefused(catchThrowable(() -> FakeNode.connectSecure(cloud.port(), "tls-e", used)));
    }

    @Test
    void aRevokedNodeIsClosedAndRefusedWhileOthersStay() throws Exception {
        NodeIdentity revoked = NodeIdentity.issue(ca, "tls-r1", Duration.ofHours(1));
        NodeIdentity bystander = NodeIdentity.issue(ca, "tls-r2", Duration.ofHours(1));
        try (FakeNode edge = FakeNode.connectSecure(cloud.port(), "tls-r1", revoked.sslContext());
                FakeNode other = FakeNode.connectSecure(cloud.port(), "tls-r2", bystander.sslContext())) {
            assertThat(edge.request(EdgeMessages.register("tls-r1")).operation()).isEqualTo(Operations.RESPONSE);

            NodeRevocations.revoke(client, ClusterCa.DEFAULT_NAMESPACE, "tls-r1", Instant.now());

            assertThat(edge.awaitClose().code()).isEqualTo(CloseCodes.REVOKED);
            assertThat(other.isClosed()).isFalse();
            assertThat(other.request(EdgeMessages.register("tls-r2")).operation()).isEqualTo(Operations.RESPONSE);
        }
        assertRefused(catchThrowable(() -> FakeNode.connectSecure(cloud.port(), "tls-r1", revoked.sslContext())));
    }

    @Test
    void bothServersPresentOneCertificateForTheAdvertisedAddresses() throws Exception {
        NodeIdentity node = NodeIdentity.issue(ca, "tls-f", Duration.ofHours(1));

        X509Certificate hub = serverCertificate(cloud.port(), node.sslContext());
        X509Certificate certificates = serverCertificate(cloud.app().certPort(), node.sslContext());

        assertThat(hub).isEqualTo(certificates);
        hub.verify(ca.certificate().getPublicKey());
        List<String> names = hub.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
        assertThat(names).contains("cloud.example", "10.1.2.3", "localhost", "127.0.0.1");
        assertThat(names).anyMatch(name -> name.startsWith("fd00:0:0:0:0:0:0:7") || name.equals("fd00::7"));
    }

    static X509Certificate serverCertificate(int port, SSLContext tls) throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Refused one way or another: in the handshake, or with 403 for a resumed TLS session. */
    private static void assertRefused(Throwable failure) {
        assertThat(failure).as("connection should have been refused").isNotNull();
        WebSocketHandshakeException upgrade = causeOf(failure, WebSocketHandshakeException.class);
        if (upgrade != null) {
            assertThat(upgrade.getResponse().statusCode()).isEqualTo(403);
        } else {
            assertFailedInTls(failure);
        }
    }

    /** No HTTP exchange took place: the server ended the TLS handshake. */
    static void assertFailedInTls(Throwable failure) {
        assertThat(failure).as("connection should have failed").isNotNull();
        assertThat(causeOf(failure, WebSocketHandshakeException.class)).as("got an HTTP answer: %s", failure).isNull();
        assertThat(causeOf(failure, SSLException.class)).as("expected a TLS failure, got %s", failure).isNotNull();
    }

    static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
