package io.kedge.protocol.join;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PEM text (RFC 7468) of certificates and PKCS#8 private keys, with the JDK alone: base64 in lines
 * of 64 characters, {@code \n} line ends, as openssl and BouncyCastle's writers produce it on Linux.
 * The certificate server answers in this form, and nodes store their credentials in it.
 */
public final class Pem {
    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, new byte[] {'\n'});
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Pem() {
    }

    /** One PEM block of {@code type} around {@code der}. */
    public static String encode(String type, byte[] der) {
        String body = der.length == 0 ? "" : LINES.encodeToString(der) + "\n";
        return "-----BEGIN " + type + "-----\n" + body + "-----END " + type + "-----\n";
    }

    /**
     * The bytes of the first block of {@code type} in {@code text}; empty when there is none or its
     * body is not base64. Text around and between blocks is ignored, as openssl does.
     */
    public static Optional<byte[]> decode(String type, String text) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int start = text == null ? -1 : text.indexOf(begin);
        int stop = start < 0 ? -1 : text.indexOf(end, start + begin.length());
        if (stop < 0) {
            return Optional.empty();
        }
        try {
            String body = WHITESPACE.matcher(text.substring(start + begin.length(), stop)).replaceAll("");
            return Optional.of(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String certificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** A {@code PRIVATE KEY} block; the key must be in PKCS#8 form (as the JDK's keys are). */
    public static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("expected a PKCS#8 key, got " + key.getFormat());
        }
        return encode(PRIVATE_KEY, key.getEncoded());
    }

    /** Reads the first certificate of PEM or DER bytes. */
    public static X509Certificate readCertificate(byte[] pemOrDer) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pemOrDer));
    }

    /** The bytes of PEM text, which is ASCII. */
    public static byte[] bytes(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }
}
