package io.kedge.cloud.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.cloud.auth.InvalidTokenException.Reason;
import io.kedge.protocol.join.JoinContract;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Join tokens in KubeEdge's form {@code <hex SHA-256 of the CA certificate DER>.<JWT>}. The hash
 * lets a joining node pin the CA it downloads over a not-yet-trusted connection; the JWT (HS256
 * over the CA Secret's {@code token.key}) proves the cluster admin issued the token.
 *
 * <p>Claims: {@code iat}, {@code exp}, a random {@code jti}, and either {@code node} (the one node
 * the token admits, once: see {@link JoinAdmission}) or {@code scope: "any-node"} (a cluster-wide,
 * multi-use token as KubeEdge's {@code keadm gettoken} prints). A token with neither, as versions
 * before node-bound tokens issued, is refused: nothing admits any name unless the admin said so.
 *
 * <p>The JWT is built by hand: HS256 with a few claims does not justify a JWT library, and a small
 * verifier that accepts only HS256 cannot be talked into {@code alg: none}.
 */
public final class JoinTokens {
    public static final Duration DEFAULT_NODE_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_ANY_NODE_TTL = Duration.ofHours(24);
    static final String ANY_NODE_SCOPE = JoinContract.SCOPE_ANY_NODE;

    private static final String HMAC = "HmacSHA256";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Fits a ConfigMap key, where used ids are kept. */
    private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HEADER = B64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final String caHash;
    private final byte[] hmacKey;
    private final Clock clock;

    public JoinTokens(ClusterCa ca) {
        this(ca.certificate(), ca.tokenKey(), Clock.systemUTC());
    }

    JoinTokens(X509Certificate caCertificate, byte[] hmacKey, Clock clock) {
        this.caHash = caHash(caCertificate);
        this.hmacKey = hmacKey.clone();
        this.clock = clock;
    }

    /** Hex SHA-256 of the certificate's DER encoding, lower case. */
    public static String caHash(X509Certificate certificate) {
        return JoinContract.caHash(certificate);
    }

    /** A single-use token that admits only {@code nodeName}. */
    public String issueForNode(String nodeName, Duration ttl) {
        if (!NodeCertificates.isValidNodeName(nodeName)) {
            throw new IllegalArgumentException("node name must be a DNS-1123 subdomain (lower case), got '"
                    + nodeName + "'");
        }
        return issue(claims(ttl).put(JoinContract.CLAIM_NODE, nodeName));
    }

    /** A multi-use token that admits any node name until it expires. */
    public String issueForAnyNode(Duration ttl) {
        return issue(claims(ttl).put(JoinContract.CLAIM_SCOPE, ANY_NODE_SCOPE));
    }

    private ObjectNode claims(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive, got " + ttl);
        }
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        long now = clock.instant().getEpochSecond();
        return JSON.createObjectNode().put(JoinContract.CLAIM_ISSUED_AT, now)
                .put(JoinContract.CLAIM_EXPIRES, now + ttl.toSeconds())
                .put(JoinContract.CLAIM_ID, B64URL.encodeToString(id));
    }

    private String issue(ObjectNode claims) {
        String signingInput = HEADER + "." + B64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return JoinContract.token(caHash, signingInput + "." + B64URL.encodeToString(hmac(signingInput)));
    }

    /**
     * Checks a full token: CA hash, signature, expiry, claims. Says nothing about whether a
     * single-use token was used already ({@link JoinAdmission} does).
     *
     * @throws InvalidTokenException for anything that is not a valid, unexpired token of this CA;
     *     nothing else, whatever the input
     */
    public JoinGrant verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING, null);
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            throw new InvalidTokenException(Reason.MALFORMED, "expected <ca-hash>.<jwt>");
        }
        String hash = token.substring(0, dot);
        if (!HEX_SHA256.matcher(hash).matches()) {
            throw new InvalidTokenException(Reason.MALFORMED, "CA hash must be 64 lower-case hex digits");
        }
        String jwt = token.substring(dot + 1);
        requireJwtShape(jwt);
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII), caHash.getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidTokenException(Reason.WRONG_CA_HASH, null);
        }
        return verifyJwt(jwt);
    }

    /**
     * Checks only the JWT part: KubeEdge's edgecore checks the CA hash itself and sends just the
     * JWT as its bearer token.
     *
     * @throws InvalidTokenException as {@link #verify}
     */
    public JoinGrant verifyJwt(String jwt) throws InvalidTokenException {
        if (jwt == null || jwt.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING, null);
        }
        String[] parts = requireJwtShape(jwt);
        JsonNode header = json(parts[0], "header");
        if (!"HS256".equals(header.path("alg").asText())) {
            throw new InvalidTokenException(Reason.MALFORMED, "only alg HS256 is accepted");
        }
        byte[] signature = base64(parts[2], "signature");
        // Signature before claims: nothing in an unauthenticated payload is acted upon.
        if (!MessageDigest.isEqual(signature, hmac(parts[0] + "." + parts[1]))) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, null);
        }
        return grant(json(parts[1], "payload"));
    }

    private JoinGrant grant(JsonNode claims) throws InvalidTokenException {
        JsonNode exp = claims.get(JoinContract.CLAIM_EXPIRES);
        if (exp == null || !exp.canConvertToLong()) {
            throw new InvalidTokenException(Reason.MALFORMED, "no numeric 'exp' claim");
        }
        long now = clock.instant().getEpochSecond();
        if (now >= exp.asLong()) {
            throw new InvalidTokenException(Reason.EXPIRED, "expired " + (now - exp.asLong()) + " s ago");
        }
        JsonNode id = claims.get(JoinContract.CLAIM_ID);
        if (id == null || !id.isTextual() || !TOKEN_ID.matcher(id.asText()).matches()) {
            throw new InvalidTokenException(Reason.MALFORMED,
                    "no usable 'jti' claim (a token from an older version: create a new one)");
        }
        JsonNode node = claims.get(JoinContract.CLAIM_NODE);
        boolean anyNode = ANY_NODE_SCOPE.equals(claims.path(JoinContract.CLAIM_SCOPE).asText(null));
        if ((node == null) == !anyNode) {
            throw new InvalidTokenException(Reason.MALFORMED,
                    "a token names either one 'node' or scope 'any-node' (create a new one)");
        }
        if (node != null && (!node.isTextual() || !NodeCertificates.isValidNodeName(node.asText()))) {
            throw new InvalidTokenException(Reason.MALFORMED, "'node' claim is not a node name");
        }
        return new JoinGrant(id.asText(), Optional.ofNullable(node).map(JsonNode::asText),
                Instant.ofEpochSecond(Math.min(exp.asLong(), Instant.MAX.getEpochSecond())));
    }

    private static String[] requireJwtShape(String jwt) throws InvalidTokenException {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new InvalidTokenException(Reason.MALFORMED, "JWT must have three non-empty parts");
        }
        return parts;
    }

    private static JsonNode json(String part, String what) throws InvalidTokenException {
        try {
            JsonNode node = JSON.readTree(base64(part, what));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException(Reason.MALFORMED, "JWT " + what + " is not a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "JWT " + what + " is not JSON");
        }
    }

    private static byte[] base64(String part, String what) throws InvalidTokenException {
        try {
            return B64URL_DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "JWT " + what + " is not base64url");
        }
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(hmacKey, HMAC));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
