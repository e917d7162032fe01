package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;

/**
 * What the CA stores and the certificate server answers is written by the protocol's JDK-only PEM,
 * byte for byte as BouncyCastle's writers wrote it before, and read back by this class.
 */
class PemTest {

    @Test
    void certificatesAndKeysAreWrittenAsBouncyCastleWroteThem() throws Exception {
        ClusterCa ca = ClusterCa.generate();
        KeyPair keys = NodeKeys.newKeyPair();
        X509Certificate issued = ca.signNodeCsr(NodeKeys.csr(keys, "CN=system:node:n1"), "n1", Duration.ofHours(1));

        assertThat(Pem.certificate(issued)).isEqualTo(bouncyCastle(issued));
        assertThat(Pem.certificate(ca.certificate())).isEqualTo(bouncyCastle(ca.certificate()));
        assertThat(Pem.privateKey(keys.getPrivate()))
                .isEqualTo(bouncyCastle(new JcaPKCS8Generator(keys.getPrivate(), null).generate()));
    }

    @Test
    void writtenCertificatesAndKeysAreReadBack() throws Exception {
        ClusterCa ca = ClusterCa.generate();
        KeyPair keys = NodeKeys.newKeyPair();

        assertThat(Pem.readCertificate(Pem.certificate(ca.certificate()))).isEqualTo(ca.certificate());
        assertThat(Pem.readPrivateKey(Pem.privateKey(keys.getPrivate()))).isEqualTo(keys.getPrivate());
    }

    private static String bouncyCastle(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
