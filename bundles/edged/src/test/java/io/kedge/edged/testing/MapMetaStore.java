package io.kedge.edged.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A MetaStore over a map, recording which objects were read. */
public final class MapMetaStore implements MetaStore {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, MetaObject> objects = new TreeMap<>();
    public final List<String> reads = new ArrayList<>();

    public MapMetaStore configMap(String namespace, String name, Map<String, String> data) {
        ObjectNode object = JSON.createObjectNode();
        object.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode fields = object.putObject("data");
        data.forEach(fields::put);
        return put(namespace, "configmap", name, object);
    }

    public MapMetaStore secret(String namespace, String name, Map<String, String> data) {
        ObjectNode object = JSON.createObjectNode();
        object.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode fields = object.putObject("data");
        data.forEach((key, value) -> fields.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return put(namespace, "secret", name, object);
    }

    public MapMetaStore put(String namespace, String type, String name, JsonNode object) {
        objects.put(namespace + "/" + type + "/" + name, new MetaObject(namespace, type, name, name, "1", object));
        return this;
    }

    @Override
    public Optional<MetaObject> get(String namespace, String type, String name) {
        reads.add(namespace + "/" + type + "/" + name);
        return Optional.ofNullable(objects.get(namespace + "/" + type + "/" + name));
    }

    @Override
    public List<MetaObject> list(String type, String namespace) {
        return objects.values().stream().filter(o -> o.type().equals(type)
                && (namespace == null || o.namespace().equals(namespace))).toList();
    }

    @Override
    public long revision() {
        return objects.size();
    }

    @Override
    public Map<String, String> inventory() {
        return Map.of();
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception bad) {
            throw new IllegalArgumentException(text, bad);
        }
    }
}
