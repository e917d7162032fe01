package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.auth.ClusterCa;
import io.kedge.cloud.auth.NodeIdentity;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the cloud-app serves and prints with TLS (the default) and with --insecure. */
@MockApi
class ListeningModesTest {
    static KubernetesClient client;

    @Test
    void tlsIsTheDefaultAndPlainWebSocketsAreNotServed() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (CloudFixture cloud = capturingStdout(printed, () -> CloudFixture.startSecure(client))) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains(
                    "Certificate server listening on https://127.0.0.1:" + cloud.app().certPort() + "\n",
                    "CloudHub listening on wss://127.0.0.1:" + cloud.port() + "\n");

            Throwable plain = catchThrowable(() -> FakeNode.connect(cloud.port(), "mode-a"));

            assertThat(plain).as("a ws:// client must not get a session").isNotNull();
            assertThat(cloud.app().hub().isConnected("mode-a")).isFalse();
        }
    }

    @Test
    void insecureServesPlainWebSocketsWithoutTlsWhileCertificatesStayHttps() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (CloudFixture cloud = capturingStdout(printed, () -> CloudFixture.startSecure(client, "--insecure"))) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains(
                    "Certificate server listening on https://127.0.0.1:" + cloud.app().certPort() + "\n",
                    "CloudHub listening on ws://127.0.0.1:" + cloud.port() + "\n");
            ClusterCa ca = ClusterCa.loadOrCreate(client, ClusterCa.DEFAULT_NAMESPACE);

            try (FakeNode edge = FakeNode.connect(cloud.port(), "mode-b")) {
                assertThat(edge.request(EdgeMessages.register("mode-b")).operation()).isEqualTo(Operations.RESPONSE);
            }
            NodeIdentity node = NodeIdentity.issue(ca, "mode-c", Duration.ofHours(1));
            SecureHubTest.assertFailedInTls(
                    catchThrowable(() -> FakeNode.connectSecure(cloud.port(), "mode-c", node.sslContext())));

            HttpClient https = HttpClient.newBuilder().sslContext(NodeIdentity.withoutCertificate(ca.certificate())).build();
            HttpResponse<String> caCertificate = https.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + cloud.app().certPort() + "/ca.crt")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(caCertificate.statusCode()).isEqualTo(200);
            assertThat(caCertificate.body()).isEqualTo(ca.certificatePem());
        }
    }

    private interface Starter {
        CloudFixture start() throws Exception;
    }

    /** Starts while copying System.out into {@code printed}: scripts wait for those lines. */
    private static CloudFixture capturingStdout(ByteArrayOutputStream printed, Starter starter) throws Exception {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, printed), true, StandardCharsets.UTF_8));
        try {
            return starter.start();
        } finally {
            System.setOut(original);
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
