package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When the record of used tokens cannot be written, a node-bound token is neither consumed nor
 * exchanged for a certificate: the node gets a 503, which it retries, and the retry succeeds.
 */
@MockApi
class CertificateServerRecordOutageTest {
    static KubernetesClient client;
    private static final AtomicBoolean apiDown = new AtomicBoolean();
    private static ClusterCa ca;
    private static JoinTokens tokens;
    private static CertificateServer server;

    @BeforeAll
    static void start() throws Exception {
        ca = ClusterCa.loadOrCreate(client, ClusterCa.DEFAULT_NAMESPACE);
        tokens = new JoinTokens(ca);
        UsedTokenIds cluster = new ClusterUsedTokenIds(client, ClusterCa.DEFAULT_NAMESPACE);
        UsedTokenIds flaky = new UsedTokenIds() {
            @Override
            public boolean isUsed(String id) throws UnavailableException {
                return cluster.isUsed(id);
            }

            @Override
            public boolean markUsed(String id, String node, Instant expiry) throws UnavailableException {
                if (apiDown.get()) {
                    throw new UnavailableException("API server unreachable", null);
                }
                return cluster.markUsed(id, node, expiry);
            }
        };
        server = CertificateServer.start(ca, new JoinAdmission(tokens, flaky),
                ServerTls.issue(ca, ServerNames.forCertificate(List.of(), "127.0.0.1")), "127.0.0.1", 0,
                ClusterCa.DEFAULT_NODE_LIFETIME);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTokenThatCannotBeRecordedIsNotSpentAndTheRetryJoins() throws Exception {
        String token = tokens.issueForNode("outage-1", Duration.ofHours(1));

        apiDown.set(true);
        HttpResponse<String> during = join(token);
        apiDown.set(false);
        HttpResponse<String> after = join(token);

        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        assertThat(during.body()).contains("try again").doesNotContain("BEGIN CERTIFICATE");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(join(token).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> join(String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(NodeIdentity.withoutCertificate(ca.certificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/edge.crt"))
                .timeout(Duration.ofSeconds(10)).header(CertificateServer.NODE_NAME_HEADER, "outage-1")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(NodeKeys.csrFor("outage-1").getEncoded())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
