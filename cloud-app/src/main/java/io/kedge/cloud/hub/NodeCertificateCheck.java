package io.kedge.cloud.hub;

import io.kedge.cloud.auth.NodeCertificates;
import io.kedge.cloud.auth.NodeRevocations;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a TLS connection may open the session of the node named in its URL: its client
 * certificate (already verified against the cluster CA in the handshake) must be current and have
 * the common name {@code system:node:NAME}, and not be revoked.
 */
final class NodeCertificateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCertificateCheck.class);

    private NodeCertificateCheck() {
    }

    /** @return why the upgrade is refused (for the 403 body), or null when the certificate names this node */
    static String refusal(Request request, String nodeName, NodeRevocations revocations) {
        String expected = NodeCertificates.commonNameOf(nodeName);
        Optional<X509Certificate> certificate = NodeCertificates.peer(request);
        String commonName = certificate.map(NodeCertificates::describe).orElse("(none)");
        Object remote = request.getConnectionMetaData().getRemoteSocketAddress();
        Optional<String> invalid = certificate.flatMap(NodeCertificates::outsideValidity);
        if (invalid.isPresent()) {
            LOG.warn("Refused node {} from {}: its client certificate (CN '{}') {}", nodeName, remote, commonName,
                    invalid.get());
            return "client certificate " + invalid.get() + ": renew it or join again with a token";
        }
        if (certificate.flatMap(NodeCertificates::commonName).filter(expected::equals).isPresent()) {
            Optional<String> revoked = revocations.refusal(nodeName, certificate.get());
            if (revoked.isPresent()) {
                LOG.warn("Refused node {} from {}: {}", nodeName, remote, revoked.get());
                return revoked.get();
            }
            return null;
        }
        LOG.warn("Refused node {} from {}: its client certificate's CN is '{}', not '{}'", nodeName, remote,
                commonName, expected);
        if (certificate.isEmpty()) {
            // The handshake requires a certificate; reaching here means the connector lost the TLS session data.
            return "no client certificate: node " + nodeName + " must present one with CN '" + expected + "'";
        }
        return "certificate with CN '" + commonName + "' may not connect as node " + nodeName
                + " (needs CN '" + expected + "')";
    }
}
