package io.kedge.edgehub;

import io.kedge.protocol.join.JoinContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;

/**
 * A join token as {@code kedge token create} prints it ({@link JoinContract}): the lowercase hex
 * SHA-256 of the cluster CA certificate's DER bytes, a dot, and a JWT. The hash lets a new node pin
 * the CA it downloads before it trusts anything the cloud says; the whole token is the request's
 * credential.
 */
final class JoinToken {
    private final String value;
    private final String caHash;

    private JoinToken(String value) {
        this.value = value;
        this.caHash = value.substring(0, JoinContract.CA_HASH_LENGTH).toLowerCase(Locale.ROOT);
    }

    /** Empty for a blank setting; a malformed token is refused here, before anything is sent. */
    static Optional<JoinToken> parse(String setting) {
        String value = setting == null ? "" : setting.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!JoinContract.hasTokenForm(value)) {
            throw new IllegalArgumentException("the join token is malformed: expected <sha256 of the CA in hex>.<jwt> "
                    + "as 'kedge token create' prints it");
        }
        return Optional.of(new JoinToken(value));
    }

    /** Whether {@code ca} is the certificate this token pins (compared in constant time). */
    boolean pins(X509Certificate ca) {
        return MessageDigest.isEqual(caHash.getBytes(StandardCharsets.US_ASCII),
                JoinContract.caHash(ca).getBytes(StandardCharsets.US_ASCII));
    }

    String pinnedHash() {
        return caHash;
    }

    /** The value of the {@code Authorization: Bearer} header. */
    String bearerValue() {
        return value;
    }

    /** Never the token itself: it is a credential and must not reach a log. */
    @Override
    public String toString() {
        return "JoinToken[pins " + pinnedHash() + "]";
    }
}
