package io.kedge.metamanager;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Kubernetes-shaped objects and a recording event sink for the tests. */
final class TestObjects {

    private TestObjects() {
    }

    static ObjectNode json(String kind, String namespace, String name, String uid, String resourceVersion) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("apiVersion", "v1").put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", name).put("uid", uid)
                .put("resourceVersion", resourceVersion);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        return object;
    }

    static MetaObject pod(String namespace, String name, String uid, String resourceVersion) {
        return new MetaObject(namespace, "pod", name, uid, resourceVersion,
                json("Pod", namespace, name, uid, resourceVersion));
    }

    static final class RecordingSink implements ObjectStore.ChangeSink {
        final List<MetaEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<MetaEvent> published) {
            events.addAll(published);
        }
    }
}
