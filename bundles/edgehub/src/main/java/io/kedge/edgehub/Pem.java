package io.kedge.edgehub;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text of certificates and PKCS#8 private keys, as the cloud and openssl write them. */
final class Pem {
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    /** JDK key factory by PKCS#8 algorithm OID: the node makes EC keys; RSA and Ed25519 for keys made by hand. */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "1.2.840.10045.2.1", "EC",
            "1.2.840.113549.1.1.1", "RSA",
            "1.3.101.112", "Ed25519");

    private Pem() {
    }

    static String certificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode " + certificate.getSubjectX500Principal(), e);
        }
    }

    static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("expected a PKCS#8 key, got " + key.getFormat());
        }
        return encode(PRIVATE_KEY, key.getEncoded());
    }

    /** Reads the first certificate of PEM or DER bytes. */
    static X509Certificate readCertificate(byte[] pemOrDer) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pemOrDer));
    }

    /** Reads a PKCS#8 {@code PRIVATE KEY}; the algorithm comes from the key itself. */
    static PrivateKey readPrivateKey(String pem) throws IOException {
        PemObject object;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            object = reader.readPemObject();
        }
        if (object == null || !PRIVATE_KEY.equals(object.getType())) {
            throw new IOException("not a PEM '" + PRIVATE_KEY + "' (PKCS#8)");
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(object.getContent());
            String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
            String algorithm = KEY_ALGORITHMS.get(oid);
            if (algorithm == null) {
                throw new IOException("a key of unsupported algorithm " + oid);
            }
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(object.getContent()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("a PKCS#8 key that cannot be decoded: " + e.getMessage(), e);
        }
    }

    private static String encode(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    static byte[] bytes(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }
}
