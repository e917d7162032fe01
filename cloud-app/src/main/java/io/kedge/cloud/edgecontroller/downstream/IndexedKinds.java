package io.kedge.cloud.edgecontroller.downstream;

import java.util.List;
import java.util.Objects;

/**
 * Kinds a controller has delivered to edge nodes, with the index that says which node needs which
 * of their objects: all {@link DownstreamSync} needs to inform, key, diff, send and delete them.
 */
public record IndexedKinds(List<EdgeKind> kinds, NodeIndex index) {

    public IndexedKinds {
        kinds = List.copyOf(kinds);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("an index serves at least one kind");
        }
        Objects.requireNonNull(index, "index");
    }
}
