package io.kedge.metaserver;

import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;

/**
 * Listens to the store and fans changes out to watchers. Keeps the last changes in a bounded ring so
 * that a client can resume a watch from the revision of a list; an older revision is Expired, and
 * the client relists. Also keeps each object's selectable state, to see objects leave a selection.
 */
final class WatchHub implements MetaListener {
    private final int ringCapacity;
    private final Function<String, Set<String>> fieldsOfType;
    private final ArrayDeque<Change> ring = new ArrayDeque<>();
    private final Map<String, Selectable> current = new HashMap<>();
    private final Set<Watcher> watchers = new CopyOnWriteArraySet<>();
    private long floor;
    private long latest;

    /**
     * @param startRevision the store's revision before this hub was registered: the replay of held
     *                      objects that follows registration is not a change
     * @param fieldsOfType  selectable fields per store type; null for types not served (never kept)
     */
    WatchHub(long startRevision, int ringCapacity, Function<String, Set<String>> fieldsOfType) {
        this.floor = startRevision;
        this.latest = startRevision;
        this.ringCapacity = Math.max(1, ringCapacity);
        this.fieldsOfType = fieldsOfType;
    }

    @Override
    public synchronized void onChange(MetaEvent event) {
        Set<String> fields = fieldsOfType.apply(event.object().type());
        if (fields == null) {
            return;
        }
        String key = event.object().key();
        Selectable after = Selectable.of(event.object(), fields);
        Selectable before = event.kind() == MetaEvent.Kind.DELETED ? current.remove(key) : current.put(key, after);
        if (event.revision() <= latest) {
            return; // the replay of what was held at registration, or a duplicate
        }
        Change change = new Change(event, before, after);
        latest = event.revision();
        ring.addLast(change);
        if (ring.size() > ringCapacity) {
            floor = ring.removeFirst().revision();
        }
        watchers.removeIf(w -> !w.offer(change));
    }

    /**
     * Opens a watch for changes after {@code from}, queueing those still in the ring.
     *
     * @throws ApiError Expired when changes after {@code from} have already left the ring
     */
    synchronized Watcher watch(long from, int capacity) throws ApiError {
        if (from < floor) {
            throw ApiError.expired("too old resource version: " + from + " (" + floor + ")");
        }
        Watcher watcher = new Watcher(from, capacity);
        for (Change change : ring) {
            if (!watcher.offer(change)) {
                throw ApiError.expired("too many changes since resource version " + from + "; list again");
            }
        }
        watchers.add(watcher);
        return watcher;
    }

    void forget(Watcher watcher) {
        watchers.remove(watcher);
    }

    int watcherCount() {
        return watchers.size();
    }

    void closeAll(String reason) {
        List.copyOf(watchers).forEach(w -> w.close(reason));
        watchers.clear();
    }
}
