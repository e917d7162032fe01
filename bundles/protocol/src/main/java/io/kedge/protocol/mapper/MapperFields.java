package io.kedge.protocol.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ProtocolException.Reason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Field rules both mapper messages share: names, versions, digests, generations. */
final class MapperFields {
    /** A Kubernetes object name (DNS-1123 subdomain): the Mapper resource's name. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private MapperFields() {
    }

    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a mapper name is a Kubernetes object name (lower-case DNS-1123, 1 to 253 characters)");
        }
        return name;
    }

    static String version(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("a mapper version is 1 to 64 letters, digits or . _ + -");
        }
        return version;
    }

    /** Lower-case hex, so that two spellings of one digest compare equal. */
    static String sha256(String sha256) {
        String lower = sha256 == null ? "" : sha256.toLowerCase(java.util.Locale.ROOT);
        if (!SHA256.matcher(lower).matches()) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 hexadecimal digits");
        }
        return lower;
    }

    static long generation(long generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("a generation is a whole number from 1");
        }
        return generation;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The content as an object: KubeEdge's senders write it as JSON or as JSON in a string. */
    static JsonNode object(JsonNode content, String what) throws ProtocolException {
        return MessageCodec.contentObject(content, what);
    }

    /** A required text field of at most {@code maxChars}. */
    static String text(JsonNode parent, String field, int maxChars) throws ProtocolException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new ProtocolException(Reason.MISSING_FIELD, "\"" + field + "\" is missing or not a string");
        }
        String text = node.asText();
        if (text.length() > maxChars) {
            throw new ProtocolException(Reason.OVERSIZE, "\"" + field + "\" has " + text.length()
                    + " characters, more than " + maxChars);
        }
        return text;
    }

    static long whole(JsonNode parent, String field) throws ProtocolException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new ProtocolException(Reason.MISSING_FIELD, "\"" + field + "\" is missing or not a whole number");
        }
        return node.asLong();
    }

    /** Runs a constructor whose argument checks throw IllegalArgumentException, as a protocol error. */
    static <T> T checked(java.util.function.Supplier<T> constructor) throws ProtocolException {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED_JSON, e.getMessage(), e);
        }
    }
}
