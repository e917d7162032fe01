package io.kedge.cloud.auth;

import io.kedge.protocol.join.JoinContract;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Who a client certificate speaks for. Node certificates name their node in the common name
 * {@code system:node:NAME}, as Kubernetes' node authorizer expects.
 */
public final class NodeCertificates {
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private NodeCertificates() {
    }

    /** Whether {@code name} can name a Kubernetes Node: a DNS-1123 subdomain of at most 253 characters. */
    public static boolean isValidNodeName(String name) {
        return name != null && !name.isEmpty() && name.length() <= 253 && DNS_1123_SUBDOMAIN.matcher(name).matches();
    }

    /** The common name a node's certificate must carry. */
    public static String commonNameOf(String nodeName) {
        return JoinContract.commonNameFor(nodeName);
    }

    /**
     * The client certificate the TLS handshake verified against the cluster CA, if the client sent
     * one. Needs a connector from {@link ServerTls#newConnector}.
     */
    public static Optional<X509Certificate> peer(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls) {
            X509Certificate[] chain = tls.peerCertificates();
            if (chain != null && chain.length > 0) {
                return Optional.of(chain[0]);
            }
        }
        return Optional.empty();
    }

    /**
     * Why the certificate is not valid now, or empty when it is. The handshake checks this too, but
     * a resumed TLS session skips the check and keeps the certificate it was first made with.
     */
    public static Optional<String> outsideValidity(X509Certificate certificate) {
        try {
            certificate.checkValidity();
            return Optional.empty();
        } catch (CertificateExpiredException e) {
            return Optional.of("expired at " + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return Optional.of("not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    /** The subject's single common name, or empty when it has none or several. */
    public static Optional<String> commonName(X509Certificate certificate) {
        RDN[] cns = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(cns[0].getFirst().getValue()));
    }

    /** The node a certificate speaks for, or empty when it is no node certificate. */
    public static Optional<String> nodeName(X509Certificate certificate) {
        return commonName(certificate).flatMap(JoinContract::nodeNameOf);
    }

    /** For messages: the common name, or the whole subject when there is no single one. */
    public static String describe(X509Certificate certificate) {
        return commonName(certificate).orElse(certificate.getSubjectX500Principal().getName());
    }
}
