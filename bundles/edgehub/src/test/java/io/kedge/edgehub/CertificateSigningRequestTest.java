package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CertificateSigningRequestTest {

    @Test
    void asksForAKubernetesNodeCertificateSignedWithTheNewKey() throws Exception {
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        assertThat(((ECPublicKey) keys.getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);

        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(CertificateSigningRequest.create(keys, "edge-1"));

        assertThat(csr.getSubject()).isEqualTo(new X500Name("O=system:nodes,CN=system:node:edge-1"));
        assertThat(csr.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keys.getPublic()))).isTrue();
    }
}
