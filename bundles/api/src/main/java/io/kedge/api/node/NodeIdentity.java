package io.kedge.api.node;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's identity: its name, its data folder and the TLS material of its certificate, which
 * the cluster CA issued for {@code system:node:<name>}. Configured by PID {@code io.kedge.node}
 * ({@code node.name}, {@code data.dir}); a configuration edit replaces the service.
 *
 * <p>The TLS material follows renewals by itself: {@link #keyManager()} always presents the
 * current certificate and {@link #trustManager()} trusts the current cluster CA, so an
 * {@link SSLContext} built on them, or {@link #sslContext()}, stays valid for the life of the
 * service and users need no renewal event. Whoever keeps state derived from the certificate (a
 * copy of it, open sessions to drop) registers a {@link NodeIdentityListener}.
 */
@ProviderType
public interface NodeIdentity {

    /** The Kubernetes Node name, a DNS-1123 subdomain. */
    String nodeName();

    /**
     * Where everything of this node lives ({@code data.dir}; see {@link NodeDataDirectory} for the
     * fallback). Modules keep their files in a folder of their own below it.
     */
    Path dataDirectory();

    /**
     * Presents the node's current, unexpired certificate as a TLS client; none before the node has
     * joined or once its certificate expired. The node serves no TLS with it yet: the cluster CA
     * issues node certificates for client authentication only. The first listener that needs it
     * (the broker's) has the CA add server authentication and this key manager offer server
     * aliases: a change of behaviour, not of this type.
     */
    X509KeyManager keyManager();

    /** Trusts peers whose certificate the cluster CA issued, and nothing else (not the JDK's CAs). */
    X509TrustManager trustManager();

    /**
     * A TLS context on {@link #keyManager()} and {@link #trustManager()} for the node's mTLS
     * connections to the cloud and its peers. Cached sessions are dropped when the certificate
     * changes, so the next handshake presents the new one.
     */
    SSLContext sslContext();

    /** The certificate the next handshake presents, if any. */
    Optional<X509Certificate> certificate();
}
