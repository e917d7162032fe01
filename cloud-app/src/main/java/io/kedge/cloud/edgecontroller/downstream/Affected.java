package io.kedge.cloud.edgecontroller.downstream;

import io.kedge.protocol.ResourcePath;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What one cluster change asks to re-check: keys on given nodes, keys on every node, whole nodes. */
public final class Affected {
    private final Map<String, Set<ResourcePath>> keysByNode = new LinkedHashMap<>();
    private final Set<ResourcePath> keysOnEveryNode = new LinkedHashSet<>();
    private final Set<String> wholeNodes = new LinkedHashSet<>();

    public Affected onNode(String nodeName, ResourcePath key) {
        if (nodeName != null) {
            keysByNode.computeIfAbsent(nodeName, n -> new LinkedHashSet<>()).add(key);
        }
        return this;
    }

    public Affected onNode(String nodeName, Set<ResourcePath> keys) {
        keys.forEach(key -> onNode(nodeName, key));
        return this;
    }

    public Affected onEveryNode(ResourcePath key) {
        keysOnEveryNode.add(key);
        return this;
    }

    public Affected wholeNode(String nodeName) {
        wholeNodes.add(nodeName);
        return this;
    }

    /** The keys to re-check on given nodes, by node (read-only). */
    public Map<String, Set<ResourcePath>> keysByNode() {
        return java.util.Collections.unmodifiableMap(keysByNode);
    }

    Set<ResourcePath> keysOnEveryNode() {
        return keysOnEveryNode;
    }

    Set<String> wholeNodes() {
        return wholeNodes;
    }
}
