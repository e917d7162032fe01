package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import java.util.List;

/**
 * Answers get and list from the store. {@code limit} is accepted and ignored: one page, no continue token.
 *
 * <p>Sent by: any local process that reaches the MetaServer. Touches: reads of the objects the node
 * holds, of the kinds served (Secrets only when configured); nothing else is looked up.
 */
final class ReadHandler {
    private final MetaStore store;

    ReadHandler(MetaStore store) {
        this.store = store;
    }

    JsonNode answer(ResourceRequest request) throws ApiError {
        return request.name() == null ? list(request) : get(request);
    }

    private JsonNode get(ResourceRequest request) throws ApiError {
        ResourceKind kind = request.kind();
        String namespace = request.storeNamespace();
        if (namespace == null) {
            throw ApiError.notFound(kind.plural() + " \"" + request.name() + "\" needs a namespace");
        }
        MetaObject object = store.get(namespace, kind.storeType(), request.name())
                .orElseThrow(() -> ApiError.notFound(kind.plural() + " \"" + request.name() + "\" not found"));
        return KubeObjects.typed(object, kind);
    }

    private JsonNode list(ResourceRequest request) throws ApiError {
        ObjectFilter filter = request.filter();
        ResourceKind kind = request.kind();
        Snapshot snapshot = Snapshot.take(store, kind.storeType(), request.storeNamespace());
        List<JsonNode> items = snapshot.objects().stream()
                .filter(o -> filter.matches(Selectable.of(o, kind.extraFields())))
                .map(o -> KubeObjects.typed(o, kind))
                .toList();
        return KubeObjects.list(kind, snapshot.revision(), items);
    }
}
