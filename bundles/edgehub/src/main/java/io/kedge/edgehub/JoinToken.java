package io.kedge.edgehub;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A join token as {@code kedge token create} prints it: the lowercase hex SHA-256 of the cluster CA
 * certificate's DER bytes, a dot, and a JWT. The hash lets a new node pin the CA it downloads
 * before it trusts anything the cloud says; the whole token is the request's credential.
 */
final class JoinToken {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-fA-F]{64}(\\.[A-Za-z0-9_=-]+){3}");

    private final String value;
    private final byte[] caHash;

    private JoinToken(String value) {
        this.value = value;
        this.caHash = HexFormat.of().parseHex(value.substring(0, 64));
    }

    /** Empty for a blank setting; a malformed token is refused here, before anything is sent. */
    static Optional<JoinToken> parse(String setting) {
        String value = setting == null ? "" : setting.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("the join token is malformed: expected <sha256 of the CA in hex>.<jwt> "
                    + "as 'kedge token create' prints it");
        }
        return Optional.of(new JoinToken(value));
    }

    /** Whether {@code ca} is the certificate this token pins (compared in constant time). */
    boolean pins(X509Certificate ca) {
        return MessageDigest.isEqual(caHash, sha256(ca));
    }

    String pinnedHash() {
        return HexFormat.of().formatHex(caHash);
    }

    /** The value of the {@code Authorization: Bearer} header. */
    String bearerValue() {
        return value;
    }

    static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash a certificate", e);
        }
    }

    /** Never the token itself: it is a credential and must not reach a log. */
    @Override
    public String toString() {
        return "JoinToken[pins " + pinnedHash() + "]";
    }
}
