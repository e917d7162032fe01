package io.kedge.runtime.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A pod sandbox as the runtime sees it.
 *
 * @param id        the runtime's id
 * @param podName   from its {@link SandboxSpec}
 * @param namespace from its {@link SandboxSpec}
 * @param podUid    from its {@link SandboxSpec}
 * @param attempt   from its {@link SandboxSpec}
 * @param ready     true while it runs
 * @param ip        the pod IP; empty for host network or while none is assigned
 * @param createdAt when it was created
 * @param labels    the labels it was created with
 */
public record SandboxStatus(String id, String podName, String namespace, String podUid, int attempt, boolean ready,
        String ip, Instant createdAt, Map<String, String> labels) {
    public SandboxStatus {
        Objects.requireNonNull(id, "id");
        ip = ip == null ? "" : ip;
        labels = Map.copyOf(labels);
    }
}
