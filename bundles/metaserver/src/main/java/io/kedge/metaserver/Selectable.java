package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaObject;
import io.kedge.protocol.kube.FieldSelector;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What selectors look at in one object: its labels and selectable fields. Small on purpose: the
 * watch hub keeps one per object to tell when a change moves an object out of a watcher's selection.
 */
record Selectable(String namespace, Map<String, String> labels, Map<String, String> fields) {

    static final String NAME = "metadata.name";
    static final String NAMESPACE = "metadata.namespace";

    static Selectable of(MetaObject stored, Set<String> extraFields) {
        JsonNode object = stored.object();
        Map<String, String> labels = new HashMap<>();
        object.path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        Map<String, String> fields = new HashMap<>();
        fields.put(NAME, stored.name());
        fields.put(NAMESPACE, object.path("metadata").path("namespace").asText(""));
        for (String path : extraFields) {
            fields.put(path, FieldSelector.valueAt(object, path));
        }
        return new Selectable(stored.namespace(), Map.copyOf(labels), Map.copyOf(fields));
    }
}
