package io.kedge.cloud.auth;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM text for the objects the CA stores and serves. Certificates and keys are written by the
 * protocol's {@link io.kedge.protocol.join.Pem}, as the node writes them (keys as PKCS#8
 * "PRIVATE KEY", as KubeEdge does); reading accepts what openssl writes too (traditional key
 * forms, CSRs), which needs BouncyCastle.
 */
public final class Pem {
    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        return io.kedge.protocol.join.Pem.certificate(certificate);
    }

    public static String privateKey(PrivateKey key) {
        return io.kedge.protocol.join.Pem.privateKey(key);
    }

    public static String csr(PKCS10CertificationRequest csr) {
        return write(csr);
    }

    public static X509Certificate readCertificate(String pem) throws IOException {
        Object object = readSingle(pem);
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new IOException("expected a PEM certificate, found " + describe(object));
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException("unreadable certificate: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(String pem) throws IOException {
        Object object = readSingle(pem);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (object instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
            return converter.getKeyPair(pair).getPrivate();
        }
        throw new IOException("expected a PEM private key, found " + describe(object));
    }

    /**
     * Parses a CSR given as PEM text or as raw DER (what KubeEdge's edgecore sends). Bytes from the
     * network: whatever they hold, the only failure is a {@link CsrRejectedException}.
     */
    public static PKCS10CertificationRequest readCsr(byte[] pemOrDer) throws CsrRejectedException {
        String text = new String(pemOrDer, java.nio.charset.StandardCharsets.US_ASCII).stripLeading();
        try {
            if (text.startsWith("-----BEGIN")) {
                Object object = readSingle(text);
                if (object instanceof PKCS10CertificationRequest csr) {
                    return csr;
                }
                throw new CsrRejectedException("expected a PEM certificate request, found " + describe(object));
            }
            return new PKCS10CertificationRequest(pemOrDer);
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports some malformed ASN.1 with unchecked exceptions.
            throw new CsrRejectedException("malformed certificate request: " + e.getMessage());
        }
    }

    private static Object readSingle(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        }
    }

    private static String describe(Object object) {
        return object == null ? "nothing" : object.getClass().getSimpleName();
    }

    private static String write(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
