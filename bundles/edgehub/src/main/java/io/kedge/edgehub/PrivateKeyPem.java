package io.kedge.edgehub;

import io.kedge.protocol.join.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * Reads a PKCS#8 private key from PEM text; writing it, and certificates both ways, is the
 * protocol's {@link Pem}. BouncyCastle only names the key's algorithm, so the JDK can decode it.
 */
final class PrivateKeyPem {
    /** JDK key factory by PKCS#8 algorithm OID: the node makes EC keys; RSA and Ed25519 for keys made by hand. */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "1.2.840.10045.2.1", "EC",
            "1.2.840.113549.1.1.1", "RSA",
            "1.3.101.112", "Ed25519");

    private PrivateKeyPem() {
    }

    /** Reads a PKCS#8 {@code PRIVATE KEY}; the algorithm comes from the key itself. */
    static PrivateKey read(String pem) throws IOException {
        byte[] der = Pem.decode(Pem.PRIVATE_KEY, pem)
                .orElseThrow(() -> new IOException("not a PEM '" + Pem.PRIVATE_KEY + "' (PKCS#8)"));
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
            String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
            String algorithm = KEY_ALGORITHMS.get(oid);
            if (algorithm == null) {
                throw new IOException("a key of unsupported algorithm " + oid);
            }
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("a PKCS#8 key that cannot be decoded: " + e.getMessage(), e);
        }
    }
}
