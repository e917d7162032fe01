package io.kedge.protocol.join;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The join contract between a node and the cloud's certificate server, as KubeEdge spells it.
 *
 * <ul>
 *   <li>{@code GET} {@link #CA_PATH}: the cluster CA certificate, to anyone; the node pins it by
 *       the hash in its token before it trusts it.</li>
 *   <li>{@code POST} {@link #CERTIFICATE_PATH}: a PKCS#10 request, the node's name in header
 *       {@link #NODE_NAME_HEADER}, and either {@code Authorization: Bearer <token>} (join) or the
 *       node's own client certificate (renewal); the answer is the signed certificate.</li>
 *   <li>A node certificate's subject: {@code O=}{@link #NODES_GROUP}{@code , CN=}{@link #NODE_CN_PREFIX}{@code NAME}.</li>
 *   <li>A join token: the lower-case hex SHA-256 of the CA certificate's DER bytes, a dot, and a
 *       JWT whose claims are {@link #CLAIM_ISSUED_AT}, {@link #CLAIM_EXPIRES}, {@link #CLAIM_ID}
 *       and either {@link #CLAIM_NODE} or {@link #CLAIM_SCOPE} = {@link #SCOPE_ANY_NODE}.</li>
 * </ul>
 */
public final class JoinContract {
    public static final String CA_PATH = "/ca.crt";
    public static final String CERTIFICATE_PATH = "/edge.crt";
    public static final String NODE_NAME_HEADER = "NodeName";
    /** Prefix of the {@code Authorization} header's value that carries a join token. */
    public static final String BEARER = "Bearer ";
    /** Common name of a node certificate: this prefix and the node name (Kubernetes' node authorizer). */
    public static final String NODE_CN_PREFIX = "system:node:";
    /** Organization of a node certificate. */
    public static final String NODES_GROUP = "system:nodes";

    public static final String CLAIM_ISSUED_AT = "iat";
    public static final String CLAIM_EXPIRES = "exp";
    public static final String CLAIM_ID = "jti";
    /** The one node a node-bound token admits. */
    public static final String CLAIM_NODE = "node";
    public static final String CLAIM_SCOPE = "scope";
    /** {@link #CLAIM_SCOPE} of a cluster-wide token that admits any node name. */
    public static final String SCOPE_ANY_NODE = "any-node";

    /** Length of the CA hash in hex digits. */
    public static final int CA_HASH_LENGTH = 64;
    private static final Pattern TOKEN_FORM = Pattern.compile("[0-9a-fA-F]{64}(\\.[A-Za-z0-9_=-]+){3}");

    private JoinContract() {
    }

    /** The common name a certificate for {@code nodeName} carries. */
    public static String commonNameFor(String nodeName) {
        return NODE_CN_PREFIX + nodeName;
    }

    /** The node a certificate's common name speaks for; empty when it is no node's. */
    public static Optional<String> nodeNameOf(String commonName) {
        return commonName != null && commonName.startsWith(NODE_CN_PREFIX)
                ? Optional.of(commonName.substring(NODE_CN_PREFIX.length()))
                : Optional.empty();
    }

    /** Hex SHA-256 of the certificate's DER encoding, lower case: what a token pins. */
    public static String caHash(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a certificate", e);
        }
    }

    /** A token from the CA hash and a JWT. */
    public static String token(String caHash, String jwt) {
        return caHash + "." + jwt;
    }

    /** Whether {@code token} has the form of a join token (hash '.' three JWT parts); says nothing of its validity. */
    public static boolean hasTokenForm(String token) {
        return token != null && TOKEN_FORM.matcher(token).matches();
    }

    /** Whether {@code token} pins {@code ca}: it starts with the CA's hash and a dot. */
    public static boolean pins(String token, X509Certificate ca) {
        return token != null && token.startsWith(caHash(ca) + ".");
    }

    /** The {@code Authorization} header's value for a token. */
    public static String bearer(String token) {
        return BEARER + token;
    }
}
