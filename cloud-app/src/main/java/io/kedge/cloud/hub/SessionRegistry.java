package io.kedge.cloud.hub;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The one current session of each node. */
final class SessionRegistry {
    private final ConcurrentMap<String, NodeSession> byNode = new ConcurrentHashMap<>();

    /** Makes {@code session} the node's current one; returns the one it replaces, if any. */
    Optional<NodeSession> register(NodeSession session) {
        return Optional.ofNullable(byNode.put(session.nodeName(), session));
    }

    /** Removes {@code session} only if it is still current, so a replaced session's late close is harmless. */
    boolean unregister(NodeSession session) {
        return byNode.remove(session.nodeName(), session);
    }

    Optional<NodeSession> current(String nodeName) {
        return Optional.ofNullable(byNode.get(nodeName));
    }

    Collection<NodeSession> all() {
        return List.copyOf(byNode.values());
    }
}
