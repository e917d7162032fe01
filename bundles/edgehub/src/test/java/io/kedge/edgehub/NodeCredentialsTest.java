package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

class NodeCredentialsTest {
    private static final String NODE = "edge-1";
    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    private final TestCertificateAuthority ca = new TestCertificateAuthority("kedge-test-ca");
    private final KeyPair keys = CertificateSigningRequest.newKeyPair();

    @Test
    void renewalIsDueAtTheConfiguredFractionOfTheLifetime() {
        NodeCredentials tenDays = issued(ISSUED, ISSUED.plus(Duration.ofDays(10)));
        assertThat(tenDays.renewalTime(0.8)).isEqualTo(ISSUED.plus(Duration.ofDays(8)));
        assertThat(tenDays.renewalTime(0.5)).isEqualTo(ISSUED.plus(Duration.ofDays(5)));
    }

    @Test
    void nonsenseFractionsAreClampedIntoTheLifetime() {
        NodeCredentials tenDays = issued(ISSUED, ISSUED.plus(Duration.ofDays(10)));
        assertThat(tenDays.renewalTime(1.5)).as("never at or after expiry").isEqualTo(ISSUED.plus(Duration.ofHours(228)));
        assertThat(tenDays.renewalTime(0)).as("never a renewal loop").isEqualTo(ISSUED.plus(Duration.ofDays(1)));
        assertThat(tenDays.renewalTime(Double.NaN)).isEqualTo(ISSUED.plus(Duration.ofDays(8)));
    }

    @Test
    void aCurrentCertificateForThisNodeFromTheCaIsUsable() {
        NodeCredentials valid = issued(ISSUED, ISSUED.plus(Duration.ofDays(10)));
        assertThat(valid.problemFor(NODE, ISSUED.plusSeconds(1))).isEmpty();
        assertThat(valid.problemFor(NODE, ISSUED.plus(Duration.ofDays(10)))).get().asString().contains("expired");
        assertThat(valid.problemFor("edge-2", ISSUED.plusSeconds(1))).get().asString()
                .contains("'system:node:edge-1', not system:node:edge-2");
    }

    @Test
    void anotherCaOrAnotherKeyIsRefused() {
        X509Certificate certificate = ca.issueNode(NODE, keys.getPublic(), ISSUED, ISSUED.plus(Duration.ofDays(10)));
        TestCertificateAuthority otherCa = new TestCertificateAuthority("kedge-test-ca"); // same name, other key
        assertThat(new NodeCredentials(otherCa.certificate(), certificate, keys.getPrivate())
                .problemFor(NODE, ISSUED.plusSeconds(1))).get().asString().contains("not issued by the cluster CA");
        assertThat(new NodeCredentials(ca.certificate(), certificate,
                CertificateSigningRequest.newKeyPair().getPrivate())
                .problemFor(NODE, ISSUED.plusSeconds(1))).get().asString().contains("private key does not belong");
    }

    @Test
    void aCertificateWithoutClientAuthIsRefused() {
        X509Certificate serverOnly = ca.issue(new X500Name("CN=system:node:edge-1"), keys.getPublic(), ISSUED,
                ISSUED.plus(Duration.ofDays(1)), org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth);
        assertThat(new NodeCredentials(ca.certificate(), serverOnly, keys.getPrivate())
                .problemFor(NODE, ISSUED.plusSeconds(1))).get().asString().contains("client authentication");
    }

    private NodeCredentials issued(Instant notBefore, Instant notAfter) {
        return new NodeCredentials(ca.certificate(), ca.issueNode(NODE, keys.getPublic(), notBefore, notAfter),
                keys.getPrivate());
    }
}
