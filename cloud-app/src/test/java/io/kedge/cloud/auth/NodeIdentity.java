package io.kedge.cloud.auth;

import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a joined node holds: its key pair and the client certificate a CA signed from its CSR, plus
 * the CA it trusts for the cloud's server certificate. Builds the SSLContext a node connects with.
 */
public record NodeIdentity(String nodeName, KeyPair keys, X509Certificate certificate, X509Certificate trustedCa) {
    private static final char[] PASSWORD = "test".toCharArray();

    /** A node certificate signed by the cluster CA, as the certificate server would issue it. */
    public static NodeIdentity issue(ClusterCa ca, String nodeName, Duration lifetime) throws Exception {
        KeyPair keys = NodeKeys.newKeyPair();
        X509Certificate certificate =
                ca.signNodeCsr(NodeKeys.csr(keys, "CN=" + ClusterCa.NODE_CN_PREFIX + nodeName), nodeName, lifetime);
        return new NodeIdentity(nodeName, keys, certificate, ca.certificate());
    }

    /** A well-formed node certificate from a CA the cloud has never seen, trusting the cloud's real CA. */
    public static NodeIdentity fromAnotherCa(String nodeName, X509Certificate cloudCa) throws Exception {
        NodeIdentity foreign = issue(ClusterCa.generate(), nodeName, Duration.ofDays(1));
        return new NodeIdentity(nodeName, foreign.keys(), foreign.certificate(), cloudCa);
    }

    /** Presents this node's certificate and trusts only the CA. */
    public SSLContext sslContext() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("node", keys.getPrivate(), PASSWORD, new Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trusting(trustedCa).getTrustManagers(), null);
        return context;
    }

    /** A client that checks the cloud's certificate but has none of its own (a node before joining). */
    public static SSLContext withoutCertificate(X509Certificate trustedCa) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trusting(trustedCa).getTrustManagers(), null);
        return context;
    }

    private static TrustManagerFactory trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("kedge-ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory;
    }
}
