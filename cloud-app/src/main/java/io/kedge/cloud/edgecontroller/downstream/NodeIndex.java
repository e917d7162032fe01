package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kedge.protocol.ResourcePath;
import java.util.Map;
import java.util.Optional;

/**
 * Which node should hold which objects of some kinds: what a controller registers with
 * {@link DownstreamSync} (with its {@link EdgeKind}s) to have the sync deliver them, instead of a
 * sync of its own. Only the sync thread calls it: it need not be thread-safe, and must not block.
 *
 * <p>{@link #objectFor} is the only way from a key to an object's content: keys may come from a
 * node (its inventory), so it answers only for a node entitled to the object now. The sync asks only
 * about edge nodes.
 */
public interface NodeIndex {

    /** Stores a new or changed object of one of its kinds; returns what its change may alter on nodes. */
    Affected upsert(ResourcePath key, HasMetadata object);

    /** Forgets a deleted object; returns what its removal may alter on nodes. */
    Affected remove(ResourcePath key);

    /** The object under {@code key} if {@code nodeName} should hold it now, else empty. */
    Optional<HasMetadata> objectFor(String nodeName, ResourcePath key);

    /** Everything of its kinds the node should hold, key → version. */
    Map<ResourcePath, ObjectVersion> desiredFor(String nodeName);
}
