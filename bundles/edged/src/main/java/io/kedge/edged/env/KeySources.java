package io.kedge.edged.env;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.edged.pod.PodSpecException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys of a configMap or secret in the pod's namespace, as bytes: configMap {@code data} as
 * UTF-8 and {@code binaryData} decoded, secret {@code data} decoded from base64. Only what a pod
 * names is read, so a pod never sees a secret it does not reference.
 */
public final class KeySources {
    public static final String CONFIG_MAP = "configmap";
    public static final String SECRET = "secret";

    private final MetaStore store;

    public KeySources(MetaStore store) {
        this.store = store;
    }

    /** The keys of the object, or empty when the node does not hold it. */
    public Optional<Map<String, byte[]>> read(String type, String namespace, String name) throws PodSpecException {
        Optional<MetaObject> held = store.get(namespace, type, name);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        JsonNode object = held.get().object();
        Map<String, byte[]> keys = new TreeMap<>();
        if (CONFIG_MAP.equals(type)) {
            copy(object.path("data"), keys, false, type, name);
            copy(object.path("binaryData"), keys, true, type, name);
        } else {
            copy(object.path("data"), keys, true, type, name);
        }
        return Optional.of(keys);
    }

    /** The keys, or a {@link PodSpecException#CONFIG_ERROR} naming what is missing. */
    public Map<String, byte[]> require(String type, String namespace, String name) throws PodSpecException {
        return read(type, namespace, name).orElseThrow(() -> PodJson.configError(
                describe(type) + " \"" + name + "\" not found in namespace \"" + namespace + "\""));
    }

    public static String describe(String type) {
        return CONFIG_MAP.equals(type) ? "configmap" : "secret";
    }

    private static void copy(JsonNode data, Map<String, byte[]> keys, boolean base64, String type, String name)
            throws PodSpecException {
        if (!data.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = data.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String value = field.getValue().isTextual() ? field.getValue().textValue() : "";
            if (!base64) {
                keys.put(field.getKey(), value.getBytes(StandardCharsets.UTF_8));
                continue;
            }
            try {
                keys.put(field.getKey(), Base64.getDecoder().decode(value));
            } catch (IllegalArgumentException notBase64) {
                throw PodJson.configError(describe(type) + " \"" + name + "\" key \"" + field.getKey()
                        + "\" is not valid base64");
            }
        }
    }
}
