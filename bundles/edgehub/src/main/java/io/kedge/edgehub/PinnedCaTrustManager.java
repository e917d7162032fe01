package io.kedge.edgehub;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts servers whose certificate the cluster CA issued, and nothing else: not the JDK's public
 * CAs. The JDK's PKIX checks do the work, host name verification included (the HttpClient asks for
 * it). The CA is swappable because a node that joins again may find a new cluster CA.
 */
final class PinnedCaTrustManager extends X509ExtendedTrustManager {
    private volatile X509ExtendedTrustManager delegate;

    void trustOnly(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("cluster-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            delegate = Arrays.stream(factory.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance)
                    .map(X509ExtendedTrustManager.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the JDK offers no X509ExtendedTrustManager"));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust " + ca.getSubjectX500Principal(), e);
        }
    }

    private X509ExtendedTrustManager delegate() throws CertificateException {
        X509ExtendedTrustManager trust = delegate;
        if (trust == null) {
            throw new CertificateException("no cluster CA is known yet");
        }
        return trust;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    // The node is never a TLS server.
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the node does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the node does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the node does not accept TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509ExtendedTrustManager trust = delegate;
        return trust == null ? new X509Certificate[0] : trust.getAcceptedIssuers();
    }
}
