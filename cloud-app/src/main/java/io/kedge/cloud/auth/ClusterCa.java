package io.kedge.cloud.auth;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.protocol.join.JoinContract;
import java.io.IOException;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's certificate authority: signs node client certificates and the cloud's server
 * certificate. Its key pair is EC P-256 (as KubeEdge's own CA): small certificates, fast key
 * generation on first start, and supported by every TLS stack a node will use.
 *
 * <p>The CA lives in a Kubernetes Secret so that every cloud-app replica and every restart sign
 * with the same key, and so that nothing secret is ever written to the cloud-app's disk.
 */
public final class ClusterCa {
    public static final String DEFAULT_NAMESPACE = "kedge";
    public static final String SECRET_NAME = "kedge-ca";
    public static final String CA_CERT_KEY = "ca.crt";
    public static final String CA_KEY_KEY = "ca.key";
    public static final String TOKEN_KEY_KEY = "token.key";
    public static final Duration CA_LIFETIME = Duration.ofDays(3650);
    public static final Duration DEFAULT_NODE_LIFETIME = Duration.ofDays(365);
    public static final String NODE_CN_PREFIX = JoinContract.NODE_CN_PREFIX;
    public static final String NODES_GROUP = JoinContract.NODES_GROUP;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCa.class);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** How far notBefore lies before the signing, for clocks running behind. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final byte[] tokenKey;

    private ClusterCa(X509Certificate certificate, PrivateKey privateKey, byte[] tokenKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.tokenKey = tokenKey.clone();
    }

    /** Loads the CA from its Secret, creating both on first use. Safe when several cloud-apps start at once. */
    public static ClusterCa loadOrCreate(KubernetesClient client, String namespace) {
        Secret existing = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
        if (existing != null) {
            return fromSecret(existing);
        }
        return createOrAdopt(client, namespace, generate());
    }

    /** Stores {@code fresh}, or, when another process won the race to create the Secret, adopts that one. */
    static ClusterCa createOrAdopt(KubernetesClient client, String namespace, ClusterCa fresh) {
        try {
            try {
                client.secrets().inNamespace(namespace).resource(fresh.toSecret(namespace)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                    throw e;
                }
                // A fresh cluster has no 'kedge' namespace yet; the first start creates it.
                createNamespace(client, namespace);
                client.secrets().inNamespace(namespace).resource(fresh.toSecret(namespace)).create();
            }
            LOG.info("Created cluster CA in Secret {}/{}", namespace, SECRET_NAME);
            return fresh;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            Secret winner = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
            if (winner == null) {
                throw new IllegalStateException("Secret " + namespace + "/" + SECRET_NAME
                        + " conflicted on create but cannot be read", e);
            }
            return fromSecret(winner);
        }
    }

    private static void createNamespace(KubernetesClient client, String namespace) {
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .create();
            LOG.info("Created namespace {}", namespace);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    static ClusterCa generate() {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "kedge").addRDN(BCStyle.CN, "kedge-ca").build();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, randomSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_LIFETIME)), subject, keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            byte[] tokenKey = new byte[32];
            RANDOM.nextBytes(tokenKey);
            return new ClusterCa(certificate, keys.getPrivate(), tokenKey);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the cluster CA", e);
        }
    }

    private static ClusterCa fromSecret(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String where = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
        try {
            X509Certificate certificate = Pem.readCertificate(decoded(data, CA_CERT_KEY, where));
            PrivateKey key = Pem.readPrivateKey(decoded(data, CA_KEY_KEY, where));
            byte[] tokenKey = Base64.getDecoder().decode(required(data, TOKEN_KEY_KEY, where));
            if (tokenKey.length < 32) {
                throw new IllegalStateException("Secret " + where + " key " + TOKEN_KEY_KEY + " is shorter than 32 bytes");
            }
            return new ClusterCa(certificate, key, tokenKey);
        } catch (IOException e) {
            throw new IllegalStateException("Secret " + where + " does not hold a usable CA: " + e.getMessage(), e);
        }
    }

    private static String decoded(Map<String, String> data, String key, String where) {
        return new String(Base64.getDecoder().decode(required(data, key, where)), StandardCharsets.US_ASCII);
    }

    private static String required(Map<String, String> data, String key, String where) {
        String value = data.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("Secret " + where + " has no '" + key + "'");
        }
        return value;
    }

    private Secret toSecret(String namespace) {
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CA_CERT_KEY, base64.encodeToString(Pem.certificate(certificate).getBytes(StandardCharsets.US_ASCII)));
        data.put(CA_KEY_KEY, base64.encodeToString(Pem.privateKey(privateKey).getBytes(StandardCharsets.US_ASCII)));
        data.put(TOKEN_KEY_KEY, base64.encodeToString(tokenKey));
        return new SecretBuilder()
                .withNewMetadata().withName(SECRET_NAME).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "kedge").endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    /** The HMAC key join tokens are signed with; a copy, so callers cannot alter the CA's. */
    public byte[] tokenKey() {
        return tokenKey.clone();
    }

    public X509Certificate signNodeCsr(PKCS10CertificationRequest csr, String nodeName) throws CsrRejectedException {
        return signNodeCsr(csr, nodeName, DEFAULT_NODE_LIFETIME);
    }

    /**
     * Signs a node's client certificate. The subject is set by the CA (CN=system:node:NAME,
     * O=system:nodes, what Kubernetes' node authorizer expects), not copied from the CSR, so a
     * node cannot smuggle in extra groups.
     */
    public X509Certificate signNodeCsr(PKCS10CertificationRequest csr, String nodeName, Duration lifetime)
            throws CsrRejectedException {
        String expectedCn = NODE_CN_PREFIX + nodeName;
        PublicKey publicKey;
        try {
            String actualCn = singleCommonName(csr.getSubject());
            if (!expectedCn.equals(actualCn)) {
                throw new NodeNameMismatchException(expectedCn, csr.getSubject().toString());
            }
            publicKey = verifiedPublicKey(csr);
        } catch (RuntimeException e) {
            // A CSR comes from the network: BouncyCastle reports some oddities unchecked.
            throw new CsrRejectedException("CSR is unusable: " + e.getMessage());
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, NODES_GROUP).addRDN(BCStyle.CN, expectedCn).build();
        try {
            X509Certificate issued = issue(subject, publicKey, lifetime, KeyPurposeId.id_kp_clientAuth, null);
            LOG.info("Signed client certificate for node {} (serial {}, until {})",
                    nodeName, issued.getSerialNumber().toString(16), issued.getNotAfter().toInstant());
            return issued;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a certificate for node " + nodeName, e);
        }
    }

    /** A fresh key pair and a server certificate for the cloud's endpoints, valid for the given names and IPs. */
    public ServerIdentity issueServerIdentity(List<String> hostnamesAndIps, Duration lifetime) {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "kedge").addRDN(BCStyle.CN, "kedge-cloud").build();
            GeneralName[] names = hostnamesAndIps.stream().distinct().map(ClusterCa::generalName).toArray(GeneralName[]::new);
            X509Certificate issued = issue(subject, keys.getPublic(), lifetime, KeyPurposeId.id_kp_serverAuth,
                    new GeneralNames(names));
            return new ServerIdentity(keys.getPrivate(), issued, certificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue the cloud's server certificate", e);
        }
    }

    private X509Certificate issue(X500Name subject, PublicKey publicKey, Duration lifetime, KeyPurposeId purpose,
            GeneralNames subjectAltNames) throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        // A leaf must not outlive its CA: clients would reject it anyway once the CA expires.
        Instant notAfter = now.plus(lifetime);
        Instant caNotAfter = certificate.getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, randomSerial(),
                Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, publicKey);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        int usage = KeyUsage.digitalSignature | ("RSA".equals(publicKey.getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
        if (subjectAltNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames);
        }
        return sign(builder, privateKey);
    }

    private static String singleCommonName(X500Name subject) {
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            return null;
        }
        ASN1Encodable value = cns[0].getFirst().getValue();
        return IETFUtils.valueToString(value);
    }

    /** Proof of possession: the CSR must be signed by the key it asks us to certify. */
    private static PublicKey verifiedPublicKey(PKCS10CertificationRequest csr) throws CsrRejectedException {
        try {
            // The PEM converter maps key OIDs to JCA names ("EC", "RSA"); the JDK has no key factories by OID.
            PublicKey publicKey = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().build(publicKey);
            if (!csr.isSignatureValid(verifier)) {
                throw new CsrRejectedException("CSR signature does not match its public key");
            }
            return publicKey;
        } catch (OperatorCreationException | PKCSException | IOException e) {
            throw new CsrRejectedException("CSR public key or signature is unusable: " + e.getMessage());
        }
    }

    private static GeneralName generalName(String hostOrIp) {
        boolean ip = hostOrIp.contains(":") || hostOrIp.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, hostOrIp);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** Positive, 159 random bits: unpredictable, within RFC 5280's 20-octet limit. */
    private static BigInteger randomSerial() {
        return new BigInteger(159, RANDOM).setBit(158);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A private key with its certificate chain (leaf first), as a TLS server presents it. */
    public record ServerIdentity(PrivateKey privateKey, X509Certificate certificate, X509Certificate issuer) {
    }
}
