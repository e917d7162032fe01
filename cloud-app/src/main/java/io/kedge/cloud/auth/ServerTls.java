package io.kedge.cloud.auth;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS server side of the cloud's endpoints: one server certificate issued by the cluster CA,
 * and client certificates trusted only when that same CA signed them. CloudHub and the
 * certificate server share one instance, so nodes pin a single CA for both.
 */
public record ServerTls(ClusterCa.ServerIdentity identity) {
    public static final Duration SERVER_CERT_LIFETIME = Duration.ofDays(365);

    /** Whether a connection must present a client certificate. */
    public enum ClientCertificates {
        /** The TLS handshake fails without a valid one (CloudHub). */
        REQUIRED,
        /** Asked for and verified when sent, but a client may come without (joining nodes use a token). */
        OPTIONAL
    }

    /** Issues a fresh server certificate valid for {@code hostnamesAndIps}. */
    public static ServerTls issue(ClusterCa ca, List<String> hostnamesAndIps) {
        return new ServerTls(ca.issueServerIdentity(hostnamesAndIps, SERVER_CERT_LIFETIME));
    }

    /**
     * An HTTPS connector (HTTP/1.1, what WebSocket upgrades need) whose requests carry the TLS
     * session, so handlers can read the peer certificate with {@link NodeCertificates#peer}.
     */
    public ServerConnector newConnector(Server server, ClientCertificates clientCertificates) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Without it, requests carry no EndPoint.SslSessionData and no one can tell which node is calling.
        http.addCustomizer(new SecureRequestCustomizer());
        return new ServerConnector(server,
                new SslConnectionFactory(sslContextFactory(clientCertificates), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
    }

    private SslContextFactory.Server sslContextFactory(ClientCertificates clientCertificates) {
        // In-memory key store with a throwaway password: the key never touches the disk.
        char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("kedge-cloud", identity.privateKey(), password,
                    new Certificate[] {identity.certificate(), identity.issuer()});
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("kedge-ca", identity.issuer());
            ssl.setKeyStore(keyStore);
            ssl.setKeyStorePassword(new String(password));
            ssl.setTrustStore(trustStore);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS key and trust stores", e);
        }
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        switch (clientCertificates) {
            case REQUIRED -> ssl.setNeedClientAuth(true);
            case OPTIONAL -> ssl.setWantClientAuth(true);
        }
        return ssl;
    }
}
