package io.kedge.edged.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.env.KeySources;
import io.kedge.edged.env.PodFields;
import io.kedge.edged.env.PodJson;
import io.kedge.edged.env.ResourceFields;
import io.kedge.edged.pod.PodSpecException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Fills a {@link Payload} from the sources a volume names: the keys of a configMap or secret (all
 * of them, or the listed items), or downward API fields. Reads only what the pod names, in the
 * pod's namespace.
 */
final class KeyFiles {
    static final int CONFIG_MAP_MODE = 0644;
    /** Secrets default to owner-only (Kubernetes uses 0644; the node's processes share one user). */
    static final int SECRET_MODE = 0600;

    private final KeySources sources;

    KeyFiles(KeySources sources) {
        this.sources = sources;
    }

    /**
     * The keys of a configMap or secret into {@code payload}. A missing object is an empty volume
     * when {@code optional}, else the pod waits ({@link PodSpecException#CONFIG_ERROR}); so is a
     * listed key that is missing.
     *
     * @param nameField where the source names its object ({@code secretName} in a secret volume)
     */
    void addKeys(Payload payload, String type, String namespace, JsonNode source, String nameField, int defaultMode,
            String volume) throws PodSpecException {
        String name = PodJson.required(source, nameField, "volume " + volume + " " + KeySources.describe(type));
        boolean optional = PodJson.bool(source, "optional");
        Optional<Map<String, byte[]>> keys = optional ? sources.read(type, namespace, name)
                : Optional.of(sources.require(type, namespace, name));
        if (keys.isEmpty()) {
            return;
        }
        if (PodJson.objects(source, "items").isEmpty()) {
            for (Map.Entry<String, byte[]> key : keys.get().entrySet()) {
                payload.put(key.getKey(), key.getValue(), defaultMode);
            }
            return;
        }
        for (JsonNode item : PodJson.objects(source, "items")) {
            String key = PodJson.required(item, "key", "volume " + volume + " item");
            byte[] value = keys.get().get(key);
            if (value == null) {
                if (optional) {
                    continue;
                }
                throw PodJson.configError("volume " + volume + ": " + KeySources.describe(type) + " " + namespace
                        + "/" + name + " has no key \"" + key + "\"");
            }
            payload.put(PodJson.required(item, "path", "volume " + volume + " item"), value,
                    mode(item, "mode", defaultMode));
        }
    }

    /** Downward API items: metadata fields and container resources as files. */
    static void addFields(Payload payload, JsonNode pod, JsonNode source, int defaultMode, String volume)
            throws PodSpecException {
        for (JsonNode item : PodJson.objects(source, "items")) {
            String path = PodJson.required(item, "path", "volume " + volume + " downwardAPI item");
            JsonNode field = PodJson.object(item, "fieldRef");
            JsonNode resource = PodJson.object(item, "resourceFieldRef");
            if (field.isMissingNode() == resource.isMissingNode()) {
                throw PodJson.invalid("volume " + volume + ": downwardAPI item " + path
                        + " needs exactly one of fieldRef and resourceFieldRef");
            }
            String value;
            if (!field.isMissingNode()) {
                String fieldPath = PodJson.required(field, "fieldPath", "volume " + volume + " fieldRef");
                value = PodFields.metadata(pod, fieldPath).orElseThrow(() -> PodJson.invalid("volume " + volume
                        + ": fieldRef \"" + fieldPath + "\" is not supported in a downwardAPI volume"));
            } else {
                value = ResourceFields.resolve(pod, resource, "");
            }
            payload.put(path, value.getBytes(StandardCharsets.UTF_8), mode(item, "mode", defaultMode));
        }
    }

    /** A file mode (decimal in JSON, e.g. 420 for 0644) between 0 and 0777. */
    static int mode(JsonNode node, String field, int fallback) throws PodSpecException {
        Optional<Long> mode = PodJson.integer(node, field);
        if (mode.isEmpty()) {
            return fallback;
        }
        if (mode.get() < 0 || mode.get() > 0777) {
            throw PodJson.invalid(field + " " + mode.get() + " must be between 0 and 0777 (511)");
        }
        return mode.get().intValue();
    }
}
