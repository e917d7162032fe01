package io.kedge.edgehub;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * The node's TLS material, behind {@link io.kedge.api.node.NodeIdentity}: one SSLContext that
 * trusts only the cluster CA and presents the node's current certificate. Both can change under
 * it, so an HttpClient built on it lives as long as the identity.
 */
final class NodeTls {
    private final RotatingKeyManager keys;
    private final PinnedCaTrustManager trust = new PinnedCaTrustManager();
    private final SSLContext context;
    private final Consumer<X509Certificate> onChange;

    NodeTls(Clock clock) {
        this(clock, certificate -> { });
    }

    /** @param onChange hears of each new certificate, on the thread that swaps it in */
    NodeTls(Clock clock, Consumer<X509Certificate> onChange) {
        this.onChange = onChange;
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

    RotatingKeyManager keyManager() {
        return keys;
    }

    PinnedCaTrustManager trustManager() {
        return trust;
    }

    /** Before a join: the CA the token pinned, and no client certificate yet. */
    void trustOnly(X509Certificate ca) {
        trust.trustOnly(ca);
        forgetSessions();
    }

    /**
     * Swaps in new credentials; the next connection presents them. Using the same certificate
     * again (EdgeHub restarted and loaded it from its files) is no change and is not announced.
     */
    void use(NodeCredentials credentials) {
        X509Certificate before = keys.latest().orElse(null);
        trust.trustOnly(credentials.ca());
        keys.use(credentials.certificate(), credentials.key());
        forgetSessions();
        if (!Objects.equals(before, credentials.certificate())) {
            onChange.accept(credentials.certificate());
        }
    }

    /**
     * Drops cached TLS sessions. A resumed session skips the key manager and carries the
     * certificate it was made with to the server: after a swap, or once that certificate expired,
     * the next connection must make a full handshake.
     */
    void forgetSessions() {
        forget(context.getClientSessionContext());
        forget(context.getServerSessionContext());
    }

    private static void forget(SSLSessionContext sessions) {
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
