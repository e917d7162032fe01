package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.net.ssl.SSLEngine;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class RotatingKeyManagerTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String[] EC = {"EC"};

    private final TestCertificateAuthority ca = new TestCertificateAuthority("kedge-test-ca");
    private final RotatingKeyManager keyManager = new RotatingKeyManager(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void presentsNothingBeforeTheFirstIdentity() {
        assertThat(keyManager.chooseEngineClientAlias(EC, null, (SSLEngine) null)).isNull();
        assertThat(keyManager.presented()).isEmpty();
    }

    @Test
    void aSwapDuringAHandshakeNeverPairsTheNewCertificateWithTheOldKey() {
        KeyPair oldKeys = CertificateSigningRequest.newKeyPair();
        X509Certificate old = issue(oldKeys, NOW.plus(Duration.ofDays(1)));
        keyManager.use(old, oldKeys.getPrivate());
        String aliasChosenBeforeTheSwap = keyManager.chooseEngineClientAlias(EC, null, (SSLEngine) null);

        KeyPair newKeys = CertificateSigningRequest.newKeyPair();
        X509Certificate renewed = issue(newKeys, NOW.plus(Duration.ofDays(2)));
        keyManager.use(renewed, newKeys.getPrivate());

        assertThat(keyManager.getCertificateChain(aliasChosenBeforeTheSwap)).containsExactly(old);
        assertThat(keyManager.getPrivateKey(aliasChosenBeforeTheSwap)).isEqualTo(oldKeys.getPrivate());
        String aliasNow = keyManager.chooseEngineClientAlias(EC, null, (SSLEngine) null);
        assertThat(aliasNow).isNotEqualTo(aliasChosenBeforeTheSwap);
        assertThat(keyManager.getCertificateChain(aliasNow)).containsExactly(renewed);
        assertThat(keyManager.getPrivateKey(aliasNow)).isEqualTo(newKeys.getPrivate());
        assertThat(keyManager.presented()).contains(renewed);
    }

    @Test
    void neverPresentsAnExpiredCertificate() {
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        keyManager.use(issue(keys, NOW), keys.getPrivate()); // notAfter == now: expired
        assertThat(keyManager.chooseEngineClientAlias(EC, null, (SSLEngine) null)).isNull();
    }

    @Test
    void answersOnlyForItsKeyTypeAndIssuer() {
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        keyManager.use(issue(keys, NOW.plus(Duration.ofDays(1))), keys.getPrivate());
        assertThat(keyManager.chooseEngineClientAlias(new String[] {"RSA"}, null, (SSLEngine) null)).isNull();
        Principal[] otherIssuer = {new X500Principal("CN=someone else")};
        assertThat(keyManager.chooseEngineClientAlias(EC, otherIssuer, (SSLEngine) null)).isNull();
        Principal[] ourIssuer = {ca.certificate().getSubjectX500Principal()};
        assertThat(keyManager.chooseEngineClientAlias(EC, ourIssuer, (SSLEngine) null)).isNotNull();
        assertThat(keyManager.chooseServerAlias("EC", null, null)).isNull();
    }

    private X509Certificate issue(KeyPair keys, Instant notAfter) {
        return ca.issueNode("edge-1", keys.getPublic(), NOW.minus(Duration.ofDays(1)), notAfter);
    }
}
