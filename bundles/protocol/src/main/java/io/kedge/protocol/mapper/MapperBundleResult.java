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
import java.util.Locale;

/**
 * A node's answer to a {@link MapperBundle}: {@code update default/mapperstatus/{name}} in group
 * {@link Groups#MAPPER}, content
 * {@code {"name":"modbus","version":"1.2.0","sha256":"…","generation":3,"outcome":"failed","reason":"…"}}.
 * Name, version, digest and generation are those of the request it answers, so the cloud can match it
 * to the spec it sent; only the latest answer per mapper matters ({@link #outboxKey}). A reason is
 * at most {@link #MAX_REASON_CHARS} characters, cut by the node, never refused for its length.
 */
public record MapperBundleResult(String name, String version, String sha256, long generation, Outcome outcome,
        String reason) {
    public static final int MAX_REASON_CHARS = 1024;

    public enum Outcome {
        /** Installed, started, and its DeviceMapper service is registered and healthy. */
        INSTALLED,
        /** Refused or rolled back: the node runs what it ran before; {@code reason} says why. */
        FAILED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Outcome ofWire(String text) throws ProtocolException {
            for (Outcome outcome : values()) {
                if (outcome.wire().equals(text)) {
                    return outcome;
                }
            }
            throw new ProtocolException(Reason.MALFORMED_JSON, "\"outcome\" is neither installed nor failed");
        }
    }

    /** @throws IllegalArgumentException for a bad name, version, digest or generation */
    public MapperBundleResult {
        MapperFields.name(name);
        MapperFields.version(version);
        sha256 = MapperFields.sha256(sha256);
        MapperFields.generation(generation);
        java.util.Objects.requireNonNull(outcome, "outcome");
        reason = readable(reason);
    }

    /** Cut to {@link #MAX_REASON_CHARS}, control characters as spaces: it goes into logs and the API. */
    private static String readable(String reason) {
        String text = reason == null ? "" : reason;
        text = text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) : text;
        return text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    public static MapperBundleResult installed(MapperBundle request) {
        return new MapperBundleResult(request.name(), request.version(), request.sha256(), request.generation(),
                Outcome.INSTALLED, "");
    }

    public static MapperBundleResult failed(MapperBundle request, String reason) {
        return new MapperBundleResult(request.name(), request.version(), request.sha256(), request.generation(),
                Outcome.FAILED, reason);
    }

    public boolean installed() {
        return outcome == Outcome.INSTALLED;
    }

    /** {@code default/mapperstatus/{name}}. */
    public static String resource(String name) {
        return ResourcePath.of(ResourceTypes.CLUSTER_NAMESPACE, ResourceTypes.MAPPER_STATUS, name).toString();
    }

    /** {@code mapperstatus/{name}}: a newer answer about one mapper replaces one not yet sent. */
    public String outboxKey() {
        return ResourceTypes.MAPPER_STATUS + "/" + name;
    }

    public Message message(String source) {
        return Message.create(source, Groups.MAPPER, resource(name), Operations.UPDATE, toJson());
    }

    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("version", version).put("sha256", sha256)
                .put("generation", generation).put("outcome", outcome.wire()).put("reason", reason);
    }

    /**
     * Reads an answer from a node.
     *
     * @throws ProtocolException for a content that is no such answer; a reason beyond
     *                           {@link #MAX_REASON_CHARS} is OVERSIZE
     */
    public static MapperBundleResult parse(JsonNode content) throws ProtocolException {
        JsonNode json = MapperFields.object(content, "mapper status");
        String name = MapperFields.text(json, "name", 253);
        String version = MapperFields.text(json, "version", 64);
        String sha256 = MapperFields.text(json, "sha256", 64);
        long generation = MapperFields.whole(json, "generation");
        Outcome outcome = Outcome.ofWire(MapperFields.text(json, "outcome", 16));
        String reason = json.hasNonNull("reason") ? MapperFields.text(json, "reason", MAX_REASON_CHARS) : "";
        return MapperFields.checked(() -> new MapperBundleResult(name, version, sha256, generation, outcome, reason));
    }
}
