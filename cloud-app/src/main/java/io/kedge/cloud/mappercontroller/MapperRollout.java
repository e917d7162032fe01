package io.kedge.cloud.mappercontroller;

import io.kedge.cloud.mappercontroller.MapperStatus.NodeStatus;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One step of a Mapper's rollout, decided from what is known now: no I/O, so every rule is tested
 * alone. Rules: a node's entry is about one digest, and a new digest starts it over as
 * {@code Pending}; an answer counts only for the digest the spec names now; the first
 * {@code Failed} node stops the rollout (nothing more is sent until the spec changes); the next
 * batch ({@code spec.rollout.batchSize} connected pending nodes, by name) goes out only when no node
 * is still {@code Installing}; a node {@code Installing} with no answer after {@code resendAfter} is
 * sent the bundle again (the node answers a jar it runs already at once).
 */
final class MapperRollout {

    /** The next status and the nodes to send the bundle to now. */
    record Step(MapperStatus status, List<String> send) {
    }

    private MapperRollout() {
    }

    /**
     * @param bundleProblem why the spec's bundle cannot be sent (unreadable ConfigMap, digest mismatch):
     *                      the rollout is Failed with it and nothing is sent
     * @param answers       the latest answer of each node about this mapper
     */
    static Step step(MapperSpec spec, long generation, List<String> targets, Predicate<String> connected,
            MapperStatus previous, Map<String, MapperBundleResult> answers, Optional<String> bundleProblem,
            Instant now, Duration resendAfter) {
        String sha256 = spec.sha256() == null ? "" : spec.sha256().toLowerCase(java.util.Locale.ROOT);
        Map<String, NodeStatus> before = new TreeMap<>();
        previous.nodes().forEach(entry -> before.put(entry.node(), entry));
        Map<String, NodeStatus> entries = new TreeMap<>();
        for (String node : targets) {
            NodeStatus entry = before.get(node);
            if (entry == null || !sha256.equals(entry.sha256())) {
                entry = new NodeStatus(node, MapperStatus.PENDING, sha256, spec.version(), null, null, now.toString());
            }
            MapperBundleResult answer = answers.get(node);
            if (answer != null && answer.sha256().equals(sha256)) {
                String state = answer.installed() ? NodeStatus.INSTALLED : MapperStatus.FAILED;
                String reason = answer.installed() ? null : answer.reason();
                if (!state.equals(entry.state()) || !java.util.Objects.equals(reason, entry.reason())) {
                    entry = new NodeStatus(node, state, sha256, answer.version(), reason, entry.sentTime(), now.toString());
                }
            }
            entries.put(node, entry);
        }
        List<String> send = new ArrayList<>();
        String phase;
        String message;
        Optional<NodeStatus> failed = entries.values().stream().filter(e -> MapperStatus.FAILED.equals(e.state()))
                .findFirst();
        long installed = entries.values().stream().filter(e -> NodeStatus.INSTALLED.equals(e.state())).count();
        if (bundleProblem.isPresent()) {
            phase = MapperStatus.FAILED;
            message = bundleProblem.get();
        } else if (failed.isPresent()) {
            phase = MapperStatus.FAILED;
            message = "rollout stopped: node " + failed.get().node() + " failed: " + failed.get().reason();
        } else {
            List<NodeStatus> installing = entries.values().stream()
                    .filter(e -> NodeStatus.INSTALLING.equals(e.state())).toList();
            for (NodeStatus entry : installing) {
                if (connected.test(entry.node()) && (entry.sentTime() == null
                        || Instant.parse(entry.sentTime()).plus(resendAfter).isBefore(now))) {
                    send.add(entry.node());
                    entries.put(entry.node(), sent(entry, now, false));
                }
            }
            if (installing.isEmpty()) {
                entries.values().stream().filter(e -> MapperStatus.PENDING.equals(e.state()))
                        .filter(e -> connected.test(e.node())).limit(spec.batchSize()).toList()
                        .forEach(entry -> {
                            send.add(entry.node());
                            entries.put(entry.node(), sent(entry, now, true));
                        });
            }
            boolean moving = entries.values().stream().anyMatch(e -> NodeStatus.INSTALLING.equals(e.state()));
            phase = installed == entries.size() ? MapperStatus.COMPLETE
                    : moving || installed > 0 ? MapperStatus.ROLLING_OUT : MapperStatus.PENDING;
            message = installed + " of " + entries.size() + " nodes installed " + spec.version()
                    + (moving || installed == entries.size() ? "" : "; waiting for selected nodes to connect");
        }
        return new Step(new MapperStatus(phase, generation, message, List.copyOf(entries.values())), send);
    }

    private static NodeStatus sent(NodeStatus entry, Instant now, boolean transition) {
        return new NodeStatus(entry.node(), NodeStatus.INSTALLING, entry.sha256(), entry.version(), null,
                now.toString(), transition ? now.toString() : entry.lastTransitionTime());
    }
}
