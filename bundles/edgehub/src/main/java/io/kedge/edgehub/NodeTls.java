package io.kedge.edgehub;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * The one SSLContext of a node's TLS link: it trusts only the cluster CA and presents the node's
 * current certificate. Both can change under it, so the HttpClient built on it lives as long as
 * the component.
 */
final class NodeTls {
    private final RotatingKeyManager keys;
    private final PinnedCaTrustManager trust = new PinnedCaTrustManager();
    private final SSLContext context;

    NodeTls(Clock clock) {
        keys = new RotatingKeyManager(clock);
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, new TrustManager[] {trust}, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK offers no TLS", e);
        }
    }

    SSLContext context() {
        return context;
    }

    /** Before a join: the CA the token pinned, and no client certificate yet. */
    void trustOnly(X509Certificate ca) {
        trust.trustOnly(ca);
        forgetSessions();
    }

    /** Swaps in new credentials; the next connection presents them. */
    void use(NodeCredentials credentials) {
        trust.trustOnly(credentials.ca());
        keys.use(credentials.certificate(), credentials.key());
        forgetSessions();
    }

    /**
     * Drops cached TLS sessions. A resumed session skips the key manager and carries the
     * certificate it was made with to the server: after a swap, or once that certificate expired,
     * the next connection must make a full handshake.
     */
    void forgetSessions() {
        SSLSessionContext sessions = context.getClientSessionContext();
        for (byte[] id : Collections.list(sessions.getIds())) {
            SSLSession session = sessions.getSession(id);
            if (session != null) {
                session.invalidate();
            }
        }
    }

    /** The certificate the next handshake presents (for tests and diagnostics). */
    Optional<X509Certificate> presentedCertificate() {
        return keys.presented();
    }
}
