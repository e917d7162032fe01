package io.kedge.edgehub;

import io.kedge.protocol.join.JoinContract;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A cluster CA for tests: issues node and server certificates with BouncyCastle, as the cloud would. */
final class TestCertificateAuthority {
    private final KeyPair keys = CertificateSigningRequest.newKeyPair();
    private final X509Certificate certificate;

    TestCertificateAuthority(String name) {
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        certificate = sign(new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic()), true, null, null);
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** A join token pinning this CA, with a JWT-shaped credential. */
    String token(String jwt) {
        return JoinContract.token(JoinContract.caHash(certificate), jwt);
    }

    /** A node client certificate as the cloud issues it: CN system:node:NAME, EKU clientAuth. */
    X509Certificate issueNode(String nodeName, PublicKey key, Instant notBefore, Instant notAfter) {
        return issue(new X500Name("O=system:nodes,CN=" + NodeCredentials.commonNameFor(nodeName)), key, notBefore,
                notAfter);
    }

    X509Certificate issue(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter) {
        return issue(subject, key, notBefore, notAfter, KeyPurposeId.id_kp_clientAuth);
    }

    X509Certificate issue(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter, KeyPurposeId purpose) {
        return sign(new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore), Date.from(notAfter),
                subject, key), false, purpose, null);
    }

    /** An SSLContext for a TLS server on 127.0.0.1/localhost that verifies client certificates against this CA. */
    SSLContext serverContext() {
        return serverContext(new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"));
    }

    /** A TLS server context whose certificate names only {@code alternativeNames}. */
    SSLContext serverContext(GeneralName... alternativeNames) {
        try {
            KeyPair serverKeys = CertificateSigningRequest.newKeyPair();
            Instant now = Instant.now();
            GeneralNames names = new GeneralNames(alternativeNames);
            X509Certificate serverCertificate = sign(new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name("CN=test-cloud"), serverKeys.getPublic()), false, KeyPurposeId.id_kp_serverAuth, names);
            char[] password = "test".toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", serverKeys.getPrivate(), password,
                    new X509Certificate[] {serverCertificate, certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
            keyManagers.init(keyStore, password);
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("ca", certificate);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, boolean ca, KeyPurposeId purpose,
            GeneralNames alternativeNames) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    static Instant secondsFromNow(long seconds) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
    }
}
