package io.kedge.edgehub;

import io.kedge.protocol.join.JoinContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A fresh key pair and its PKCS#10 request for the node certificate, shaped as Kubernetes expects
 * of a node client certificate ({@code O=system:nodes, CN=system:node:NAME}). Signing goes through
 * the JDK's providers, so BouncyCastle is used as a library and never installed as a provider.
 */
final class CertificateSigningRequest {
    private CertificateSigningRequest() {
    }

    /** EC P-256: what the cloud and kubelet use, and a cheap key for a small device. */
    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }

    /** The DER bytes of a request for {@code nodeName}'s certificate, signed with {@code keys}. */
    static byte[] create(KeyPair keys, String nodeName) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, JoinContract.NODES_GROUP)
                .addRDN(BCStyle.CN, NodeCredentials.commonNameFor(nodeName))
                .build();
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate request", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
