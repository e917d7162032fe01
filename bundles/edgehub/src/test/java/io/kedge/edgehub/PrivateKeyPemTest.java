package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.protocol.join.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

/**
 * The protocol's JDK-only PEM writes what BouncyCastle's writer wrote before (stored files stay the
 * same), and the key it writes is read back.
 */
class PrivateKeyPemTest {
    private final TestCertificateAuthority ca = new TestCertificateAuthority("pem-test-ca");
    private final KeyPair keys = CertificateSigningRequest.newKeyPair();

    @Test
    void certificatesAndKeysAreWrittenByteForByteAsBouncyCastleWritesThem() throws Exception {
        X509Certificate certificate = ca.issueNode("edge-1", keys.getPublic(),
                TestCertificateAuthority.secondsFromNow(-60), TestCertificateAuthority.secondsFromNow(3600));

        assertThat(Pem.certificate(certificate)).isEqualTo(bouncyCastle("CERTIFICATE", certificate.getEncoded()));
        assertThat(Pem.privateKey(keys.getPrivate()))
                .isEqualTo(bouncyCastle("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }

    @Test
    void aWrittenKeyIsReadBack() throws Exception {
        assertThat(PrivateKeyPem.read(Pem.privateKey(keys.getPrivate()))).isEqualTo(keys.getPrivate());
    }

    @Test
    void anythingButAPkcs8KeyIsRefused() {
        assertThatThrownBy(() -> PrivateKeyPem.read(Pem.certificate(ca.certificate()))).isInstanceOf(IOException.class)
                .hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> PrivateKeyPem.read(Pem.encode("PRIVATE KEY", new byte[] {1, 2, 3})))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot be decoded");
    }

    private static String bouncyCastle(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }
}
