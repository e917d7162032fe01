package io.kedge.edgehub;

import io.kedge.protocol.join.JoinContract;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** The node's TLS identity: its certificate and private key, and the cluster CA that issued it. */
record NodeCredentials(X509Certificate ca, X509Certificate certificate, PrivateKey key) {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** The certificate subject Kubernetes expects of a node (and the cloud checks). */
    static String commonNameFor(String nodeName) {
        return JoinContract.commonNameFor(nodeName);
    }

    Instant expiry() {
        return certificate.getNotAfter().toInstant();
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiry());
    }

    /**
     * When to renew: {@code fraction} of the way from notBefore to notAfter. The fraction is
     * clamped to [0.1, 0.95], so a typo neither renews in a loop nor waits until the certificate
     * has expired.
     */
    Instant renewalTime(double fraction) {
        double clamped = Double.isNaN(fraction) ? 0.8 : Math.min(0.95, Math.max(0.1, fraction));
        Instant notBefore = certificate.getNotBefore().toInstant();
        long lifetimeMillis = Duration.between(notBefore, expiry()).toMillis();
        return notBefore.plusMillis(Math.round(lifetimeMillis * clamped));
    }

    /** Why this node cannot use these credentials at {@code now}, or empty when it can. */
    Optional<String> problemFor(String nodeName, Instant now) {
        if (expiredAt(now)) {
            return Optional.of("the certificate expired at " + expiry());
        }
        String commonName = commonName(certificate.getSubjectX500Principal()).orElse("");
        if (!commonName.equals(commonNameFor(nodeName))) {
            return Optional.of("the certificate is for '" + commonName + "', not " + commonNameFor(nodeName));
        }
        if (!issuedByCa()) {
            return Optional.of("the certificate was not issued by the cluster CA " + ca.getSubjectX500Principal());
        }
        if (!allowsClientAuth()) {
            return Optional.of("the certificate does not allow TLS client authentication");
        }
        if (!keyMatches()) {
            return Optional.of("the private key does not belong to the certificate");
        }
        return Optional.empty();
    }

    private boolean issuedByCa() {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean allowsClientAuth() {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** Signs a random challenge: works for any key type without deriving the public key. */
    private boolean keyMatches() {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> key.getAlgorithm(); // EdDSA names its own signature
            };
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static Optional<String> commonName(X500Principal principal) {
        RDN[] names = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
        if (names.length == 0 || !(names[0].getFirst().getValue() instanceof ASN1String value)) {
            return Optional.empty();
        }
        return Optional.of(value.getString());
    }

    /** Certificates and keys are not for logs. */
    @Override
    public String toString() {
        return "NodeCredentials[" + certificate.getSubjectX500Principal() + ", valid until " + expiry() + "]";
    }
}
