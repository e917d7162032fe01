package io.kedge.cloud.auth;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** What a joining node does before it asks for a certificate: a key pair and a CSR. */
final class NodeKeys {
    private NodeKeys() {
    }

    static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static PKCS10CertificationRequest csr(KeyPair keys, String subject) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    }

    static PKCS10CertificationRequest csrFor(String nodeName) throws Exception {
        return csr(newKeyPair(), "O=system:nodes,CN=system:node:" + nodeName);
    }
}
