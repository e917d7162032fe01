package io.kedge.protocol.mapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ProtocolException.Reason;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The cloud asks a node to install (or update to) one mapper bundle:
 * {@code update default/mapperbundle/{name}} in group {@link Groups#MAPPER}, content
 * {@code {"name":"modbus","version":"1.2.0","sha256":"…","generation":3,"bundle":"<base64 jar>"}}.
 * {@code name} is the Mapper resource's (cluster-scoped, so the path's namespace is
 * {@link ResourceTypes#CLUSTER_NAMESPACE}); {@code generation} is its {@code metadata.generation},
 * echoed in the node's {@link MapperBundleResult} so the cloud can tell an answer to an older spec.
 *
 * <p>Size: at most {@link #MAX_BUNDLE_BYTES} of jar. Base64 makes that at most 5.6 MiB of text, so
 * the envelope stays below the node's default frame limit (EdgeHub {@code max.frame.bytes}, 8 MiB);
 * the cloud's writer sends an envelope beyond its frame budget in a frame of its own. The node
 * checks {@link #digestMatches()} before it does anything else with the bytes.
 */
public record MapperBundle(String name, String version, String sha256, long generation, byte[] bundle) {
    /** Largest jar a node takes (4 MiB). */
    public static final int MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
    /** Base64 characters of the largest jar. */
    static final int MAX_BASE64_CHARS = 4 * ((MAX_BUNDLE_BYTES + 2) / 3);

    /** @throws IllegalArgumentException for a bad name, version, digest, generation or a jar too large */
    public MapperBundle {
        MapperFields.name(name);
        MapperFields.version(version);
        sha256 = MapperFields.sha256(sha256);
        MapperFields.generation(generation);
        Objects.requireNonNull(bundle, "bundle");
        if (bundle.length == 0 || bundle.length > MAX_BUNDLE_BYTES) {
            throw new IllegalArgumentException("a mapper bundle has 1 to " + MAX_BUNDLE_BYTES + " bytes, not " + bundle.length);
        }
        bundle = bundle.clone();
    }

    /** A request for {@code bundle} with its true digest (the cloud computes it from the bytes it read). */
    public static MapperBundle of(String name, String version, long generation, byte[] bundle) {
        return new MapperBundle(name, version, MapperFields.sha256Hex(bundle), generation, bundle);
    }

    /** {@code default/mapperbundle/{name}}. */
    public static String resource(String name) {
        return ResourcePath.of(ResourceTypes.CLUSTER_NAMESPACE, ResourceTypes.MAPPER_BUNDLE, name).toString();
    }

    /** The lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256Of(byte[] bytes) {
        return MapperFields.sha256Hex(bytes);
    }

    /** Whether the bytes carry the digest the request claims (compared in constant time). */
    public boolean digestMatches() {
        return MessageDigest.isEqual(sha256Of(bundle).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                sha256.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public byte[] bundle() {
        return bundle.clone();
    }

    public int size() {
        return bundle.length;
    }

    public Message message(String source) {
        return Message.create(source, Groups.MAPPER, resource(name), Operations.UPDATE, toJson());
    }

    /**
     * The cloud's request that a node remove mapper {@code name} (its Mapper was deleted, or no longer
     * selects the node): {@code delete default/mapperbundle/{name}}, content {@code {"name":"…"}}. Not
     * answered.
     *
     * @throws IllegalArgumentException for a name that is no mapper name
     */
    public static Message removal(String source, String name) {
        MapperFields.name(name);
        return Message.create(source, Groups.MAPPER, resource(name), Operations.DELETE,
                JsonNodeFactory.instance.objectNode().put("name", name));
    }

    /**
     * The mapper a {@link #removal} names.
     *
     * @throws ProtocolException for a content that names no mapper, or another than the resource
     */
    public static String parseRemoval(Message message) throws ProtocolException {
        JsonNode json = MapperFields.object(message.content(), "mapper removal");
        String name = MapperFields.text(json, "name", 253);
        MapperFields.checked(() -> MapperFields.name(name));
        if (!resource(name).equals(message.resource())) {
            throw new ProtocolException(Reason.BAD_RESOURCE, "the removal names another mapper than its resource");
        }
        return name;
    }

    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("version", version).put("sha256", sha256)
                .put("generation", generation).put("bundle", Base64.getEncoder().encodeToString(bundle));
    }

    /**
     * Reads a request. The base64 text is bounded before it is decoded, so a huge payload costs no
     * more than its own text.
     *
     * @throws ProtocolException OVERSIZE for a jar beyond {@link #MAX_BUNDLE_BYTES}, MISSING_FIELD or
     *                           MALFORMED_JSON for anything else that is not such a request
     */
    public static MapperBundle parse(JsonNode content) throws ProtocolException {
        JsonNode json = MapperFields.object(content, "mapper bundle");
        String name = MapperFields.text(json, "name", 253);
        String version = MapperFields.text(json, "version", 64);
        String sha256 = MapperFields.text(json, "sha256", 64);
        long generation = MapperFields.whole(json, "generation");
        String base64 = MapperFields.text(json, "bundle", MAX_BASE64_CHARS);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.MALFORMED_JSON, "\"bundle\" is not base64: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BUNDLE_BYTES) {
            throw new ProtocolException(Reason.OVERSIZE, "the bundle has more than " + MAX_BUNDLE_BYTES + " bytes");
        }
        return MapperFields.checked(() -> new MapperBundle(name, version, sha256, generation, bytes));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MapperBundle that && generation == that.generation && name.equals(that.name)
                && version.equals(that.version) && sha256.equals(that.sha256) && Arrays.equals(bundle, that.bundle);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, sha256, generation, Arrays.hashCode(bundle));
    }

    /** Never the bytes: this goes into logs. */
    @Override
    public String toString() {
        return "mapper " + name + " " + version + " (generation " + generation + ", " + bundle.length
                + " bytes, sha256 " + sha256 + ")";
    }
}
