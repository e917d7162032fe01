package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MockApi
class CertificateServerTest {
    static KubernetesClient client;
    private static ClusterCa ca;
    private static JoinTokens tokens;
    private static CertificateServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        ca = ClusterCa.loadOrCreate(client, ClusterCa.DEFAULT_NAMESPACE);
        tokens = new JoinTokens(ca);
        ServerTls tls = ServerTls.issue(ca, ServerNames.forCertificate(List.of("cloud.test"), "127.0.0.1"));
        server = CertificateServer.start(ca, new JoinAdmission(tokens, new ClusterUsedTokenIds(client, ClusterCa.DEFAULT_NAMESPACE)),
                tls, "127.0.0.1", 0, ClusterCa.DEFAULT_NODE_LIFETIME);
        http = HttpClient.newBuilder().sslContext(trusting(ca.certificate())).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesTheCaCertificate() throws Exception {
        HttpResponse<String> response = http.send(request("/ca.crt").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Pem.readCertificate(response.body())).isEqualTo(ca.certificate());
        assertThat(response.body()).isEqualTo(ca.certificatePem());
    }

    @Test
    void aNodeTradesTokenAndCsrForAClientCertificate() throws Exception {
        HttpResponse<String> response = edgeCrt("GET", "Bearer " + tokens.issueForNode("n1", Duration.ofHours(1)), "n1",
                Pem.csr(NodeKeys.csrFor("n1")).getBytes(StandardCharsets.US_ASCII));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        X509Certificate issued = Pem.readCertificate(response.body());
        issued.verify(ca.certificate().getPublicKey());
        assertThat(issued.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(issued.getSubjectX500Principal().getName()).contains("CN=system:node:n1");
        assertThat(issued.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
        assertThat(Duration.between(issued.getNotBefore().toInstant(), issued.getNotAfter().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofDays(365));
    }

    @Test
    void kubeEdgeStyleRequestWithDerCsrAndBareJwtIsAcceptedByPostToo() throws Exception {
        String token = tokens.issueForNode("edge-2.site-a", Duration.ofHours(1));
        String jwt = token.substring(token.indexOf('.') + 1);
        HttpResponse<String> response = edgeCrt("POST", "Bearer " + jwt, "edge-2.site-a", NodeKeys.csrFor("edge-2.site-a").getEncoded());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Pem.readCertificate(response.body()).getSubjectX500Principal().getName()).contains("CN=system:node:edge-2.site-a");
    }

    @Test
    void certificatesComeAsDerWhenAskedFor() throws Exception {
        HttpResponse<byte[]> ca = http.send(request("/ca.crt").header("Accept", "application/pkix-cert").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(ca.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/pkix-cert"));
        assertThat(ca.body()).isEqualTo(CertificateServerTest.ca.certificate().getEncoded());
    }

    @Test
    void aCsrForAnotherNodeIsForbidden() throws Exception {
        HttpResponse<String> response = edgeCrt("GET", "Bearer " + tokens.issueForAnyNode(Duration.ofHours(1)), "n1",
                Pem.csr(NodeKeys.csrFor("n2")).getBytes(StandardCharsets.US_ASCII));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("system:node:n1").contains("system:node:n2");
    }

    @Test
    void missingForgedOrExpiredTokensAreUnauthorized() throws Exception {
        byte[] csr = Pem.csr(NodeKeys.csrFor("n1")).getBytes(StandardCharsets.US_ASCII);
        String forged = new JoinTokens(ca.certificate(), new byte[32], Clock.systemUTC()).issueForNode("n1", Duration.ofHours(1));
        String expired = new JoinTokens(ca.certificate(), ca.tokenKey(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-2))).issueForNode("n1", Duration.ofHours(1));

        assertUnauthorized(edgeCrt("GET", null, "n1", csr), "no token");
        assertUnauthorized(edgeCrt("GET", "Bearer not-a-token", "n1", csr), "malformed");
        assertUnauthorized(edgeCrt("GET", "Bearer " + forged, "n1", csr), "signature");
        assertUnauthorized(edgeCrt("GET", "Bearer " + expired, "n1", csr), "expired");
    }

    @Test
    void garbageCsrIsABadRequest() throws Exception {
        String token = "Bearer " + tokens.issueForAnyNode(Duration.ofHours(1));

        HttpResponse<String> garbage = edgeCrt("GET", token, "n1", "this is no CSR".getBytes(StandardCharsets.US_ASCII));
        assertThat(garbage.statusCode()).as(garbage.body()).isEqualTo(400);
        assertThat(garbage.body()).contains("CSR");
        HttpResponse<String> badPem = edgeCrt("GET", token, "n1",
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(badPem.statusCode()).as(badPem.body()).isEqualTo(400);
        HttpResponse<String> badName = edgeCrt("GET", token, "Bad_Name",
                Pem.csr(NodeKeys.csrFor("Bad_Name")).getBytes(StandardCharsets.US_ASCII));
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("DNS-1123");
    }

    @Test
    void oversizeBodyIsRefused() throws Exception {
        HttpResponse<String> response = edgeCrt("POST", "Bearer " + tokens.issueForNode("n1", Duration.ofHours(1)), "n1",
                new byte[CertificateServer.MAX_CSR_BYTES + 1]);

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aNodeBoundTokenWorksOnceThenIsRefusedWithItsReason() throws Exception {
        String token = "Bearer " + tokens.issueForNode("once-1", Duration.ofHours(1));

        HttpResponse<String> first = edgeCrt("POST", token, "once-1", NodeKeys.csrFor("once-1").getEncoded());
        HttpResponse<String> second = edgeCrt("POST", token, "once-1", NodeKeys.csrFor("once-1").getEncoded());

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertUnauthorized(second, "already been used");
        assertThat(second.body()).contains("kedge token create --node once-1");
        assertThat(client.configMaps().inNamespace(ClusterCa.DEFAULT_NAMESPACE)
                .withName(ClusterUsedTokenIds.CONFIG_MAP_NAME).get().getData().values())
                .anySatisfy(entry -> assertThat(entry).endsWith(" once-1"));
    }

    @Test
    void aNodeBoundTokenIsForbiddenForAnotherNameAndStaysUnused() throws Exception {
        String token = "Bearer " + tokens.issueForNode("bound-a", Duration.ofHours(1));

        HttpResponse<String> other = edgeCrt("POST", token, "bound-b", NodeKeys.csrFor("bound-b").getEncoded());
        HttpResponse<String> own = edgeCrt("POST", token, "bound-a", NodeKeys.csrFor("bound-a").getEncoded());

        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(other.body()).contains("bound to another node").contains("admits node bound-a, not bound-b");
        assertThat(own.statusCode()).as("a refused attempt does not use the token up: " + own.body()).isEqualTo(200);
    }

    @Test
    void aFailedRequestDoesNotUseTheTokenUp() throws Exception {
        String token = "Bearer " + tokens.issueForNode("retry-1", Duration.ofHours(1));

        HttpResponse<String> garbage = edgeCrt("POST", token, "retry-1", "no CSR".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> good = edgeCrt("POST", token, "retry-1", NodeKeys.csrFor("retry-1").getEncoded());

        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
    }

    @Test
    void aClusterWideTokenAdmitsSeveralNames() throws Exception {
        String token = "Bearer " + tokens.issueForAnyNode(Duration.ofHours(1));

        for (String node : List.of("fleet-1", "fleet-2", "fleet-1")) {
            HttpResponse<String> response = edgeCrt("POST", token, node, NodeKeys.csrFor(node).getEncoded());
            assertThat(response.statusCode()).as(node + ": " + response.body()).isEqualTo(200);
        }
    }

    private static void assertUnauthorized(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).contains(reason);
    }

    private static HttpResponse<String> edgeCrt(String method, String authorization, String nodeName, byte[] body)
            throws Exception {
        HttpRequest.Builder builder = request("/edge.crt")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header(CertificateServer.NODE_NAME_HEADER, nodeName);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10));
    }

    private static SSLContext trusting(X509Certificate caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("kedge-ca", caCertificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
