package io.kedge.api.node;

import java.security.cert.X509Certificate;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears that the node's certificate changed (whiteboard: register it as a service). TLS users on
 * {@link NodeIdentity#sslContext()} need none; this is for those that keep something derived from
 * the certificate.
 */
@ConsumerType
public interface NodeIdentityListener {

    /**
     * The node has a new certificate: its first one, a renewal, or one from joining again. Called
     * on the identity's certificate thread, once per change: return quickly. A listener that
     * arrives later is not told of the certificate in use: it reads
     * {@link NodeIdentity#certificate()} when it starts.
     */
    void certificateChanged(X509Certificate certificate);
}
