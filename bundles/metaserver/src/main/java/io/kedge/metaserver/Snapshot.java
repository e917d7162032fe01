package io.kedge.metaserver;

import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import java.util.List;

/**
 * Objects of one kind together with a store revision they are consistent with, so that a watch from
 * that revision neither misses nor repeats a change.
 */
record Snapshot(long revision, List<MetaObject> objects) {
    private static final int ATTEMPTS = 5;

    static Snapshot take(MetaStore store, String type, String namespace) {
        long before = store.revision();
        List<MetaObject> objects = store.list(type, namespace);
        for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
            long after = store.revision();
            if (after == before) {
                break;
            }
            // a change landed while listing; the earlier revision is still safe: at worst a watch
            // from it repeats a change the list already showed
            before = after;
            objects = store.list(type, namespace);
        }
        return new Snapshot(before, objects);
    }
}
