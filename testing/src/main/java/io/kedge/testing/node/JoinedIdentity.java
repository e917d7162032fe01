package io.kedge.testing.node;

import io.kedge.protocol.join.JoinContract;
import io.kedge.protocol.join.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A node's TLS identity obtained the way a joining node gets one: the CA downloaded and pinned by
 * the token's hash, an EC key of its own, the CSR signed by the certificate server with the token.
 * For simulated nodes, and for tests that talk to CloudHub as some node or as an intruder.
 */
public record JoinedIdentity(String nodeName, SSLContext tls) {
    private static final char[] PASSWORD = "test".toCharArray();
    /**
     * One client per CA for the whole fleet, as each real node has its own address: the certificate
     * server limits open connections per address, and a client per join would leave hundreds open.
     */
    private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    public static JoinedIdentity join(String certUrl, String token, String nodeName) throws Exception {
        String base = certUrl;
        HttpClient trustingAnyone = CLIENTS.computeIfAbsent("", any -> HttpClient.newBuilder().sslContext(trustAll()).build());
        byte[] caPem = trustingAnyone.send(HttpRequest.newBuilder(URI.create(base + JoinContract.CA_PATH)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        X509Certificate ca = Pem.readCertificate(caPem);
        String pinned = JoinContract.caHash(ca);
        if (!JoinContract.pins(token, ca)) {
            throw new IllegalStateException("the certificate server's CA does not match the token");
        }

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + JoinContract.commonNameFor(nodeName)),
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                .getEncoded();

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustFactory.init(trust);
        HttpClient pinnedClient = CLIENTS.computeIfAbsent(pinned, hash -> {
            try {
                SSLContext pinnedTls = SSLContext.getInstance("TLS");
                pinnedTls.init(null, trustFactory.getTrustManagers(), new SecureRandom());
                return HttpClient.newBuilder().sslContext(pinnedTls).build();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        HttpResponse<byte[]> signed = pinnedClient.send(
                HttpRequest.newBuilder(URI.create(base + JoinContract.CERTIFICATE_PATH)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", JoinContract.bearer(token))
                        .header(JoinContract.NODE_NAME_HEADER, nodeName)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(csr)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (signed.statusCode() != 200) {
            throw new IllegalStateException("certificate request answered " + signed.statusCode() + ": "
                    + new String(signed.body()));
        }
        Certificate certificate = Pem.readCertificate(signed.body());

        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("node", keys.getPrivate(), PASSWORD, new Certificate[] {certificate, ca});
        KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyFactory.init(identity, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyFactory.getKeyManagers(), trustFactory.getTrustManagers(), new SecureRandom());
        return new JoinedIdentity(nodeName, tls);
    }

    public HttpClient httpClient() {
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    /** Only for downloading the CA before it can be checked against the token. */
    private static SSLContext trustAll() {
        TrustManager acceptAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {acceptAll}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
