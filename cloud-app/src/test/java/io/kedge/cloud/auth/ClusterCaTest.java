package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

@MockApi
class ClusterCaTest {
    static KubernetesClient client;

    @Test
    void createsTheCaOnceAndReloadsTheSameOne() throws Exception {
        ClusterCa first = ClusterCa.loadOrCreate(client, "ca-reload");
        ClusterCa second = ClusterCa.loadOrCreate(client, "ca-reload");

        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(second.tokenKey()).isEqualTo(first.tokenKey()).hasSize(32);
        Secret secret = client.secrets().inNamespace("ca-reload").withName(ClusterCa.SECRET_NAME).get();
        assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key", "token.key");
        String keyPem = new String(Base64.getDecoder().decode(secret.getData().get("ca.key")));
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");

        X509Certificate ca = first.certificate();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isGreaterThan(Duration.ofDays(3649));
        ca.verify(ca.getPublicKey());
    }

    @Test
    void losingTheCreateRaceAdoptsTheWinnersCa() {
        ClusterCa winner = ClusterCa.loadOrCreate(client, "ca-race");
        ClusterCa loser = ClusterCa.createOrAdopt(client, "ca-race", ClusterCa.generate());

        assertThat(loser.certificate()).isEqualTo(winner.certificate());
        assertThat(loser.tokenKey()).isEqualTo(winner.tokenKey());
    }

    @Test
    void signsOnlyForTheNodeTheCsrNames() throws Exception {
        ClusterCa ca = ClusterCa.loadOrCreate(client, "ca-sign");

        X509Certificate issued = ca.signNodeCsr(NodeKeys.csrFor("n1"), "n1", Duration.ofDays(30));
        issued.verify(ca.certificate().getPublicKey());
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:n1,O=system:nodes");
        assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(issued.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(issued.getNotBefore().toInstant(), issued.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(30), Duration.ofDays(30).plusMinutes(6));

        assertThatThrownBy(() -> ca.signNodeCsr(NodeKeys.csrFor("n2"), "n1"))
                .isInstanceOf(NodeNameMismatchException.class)
                .hasMessageContaining("system:node:n1")
                .hasMessageContaining("system:node:n2");
        assertThatThrownBy(() -> ca.signNodeCsr(NodeKeys.csr(NodeKeys.newKeyPair(), "CN=system:node:n1x"), "n1"))
                .isInstanceOf(NodeNameMismatchException.class);
    }

    @Test
    void serverCertificateCoversTheConfiguredNamesAndChainsToTheCa() throws Exception {
        ClusterCa ca = ClusterCa.loadOrCreate(client, "ca-server");
        ClusterCa.ServerIdentity identity = ca.issueServerIdentity(
                List.of("cloud.example.com", "10.1.2.3", "localhost"), Duration.ofDays(1));

        identity.certificate().verify(ca.certificate().getPublicKey());
        assertThat(identity.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(identity.certificate().getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .containsExactlyInAnyOrder((Object) "cloud.example.com", "10.1.2.3", "localhost");
    }
}
