package io.kedge.console.pods;

import io.kedge.api.pods.ContainerSummary;
import io.kedge.api.pods.NodePods;
import io.kedge.api.pods.PodSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * The Pods table as plain text cells, one row per container (a pod without container statuses gets
 * one row). The page and its refresh both render these rows, so they cannot disagree. The cells are
 * raw text from the cloud: whoever writes them out escapes them.
 */
final class PodRows {
    static final List<String> HEADERS = List.of("Pod", "Phase", "Pod IP", "Container", "State", "Ready", "Restarts",
            "Last state");

    private PodRows() {
    }

    static List<List<String>> of(List<PodSummary> pods) {
        List<List<String>> rows = new ArrayList<>();
        for (PodSummary pod : pods) {
            String name = pod.namespace() + "/" + pod.name();
            String phase = withReason(pod.phase(), pod.reason());
            if (pod.containers().isEmpty()) {
                rows.add(List.of(name, phase, pod.podIp(), "", "", "", "", ""));
            }
            boolean first = true;
            for (ContainerSummary c : pod.containers()) {
                rows.add(List.of(first ? name : "", first ? phase : "", first ? pod.podIp() : "", c.name(),
                        withReason(c.state(), c.stateReason()), c.ready() ? "yes" : "no",
                        Integer.toString(c.restartCount()), lastState(c)));
                first = false;
            }
        }
        return rows;
    }

    static String runtimeLine(NodePods pods) {
        return "Runtime: " + pods.runtime() + (pods.runtimeAvailable() ? "" : " (not available: pods stay Pending)");
    }

    private static String lastState(ContainerSummary c) {
        String exit = c.lastExitCode().isPresent() ? "exit code " + c.lastExitCode().getAsInt() : "";
        if (c.lastReason().isEmpty()) {
            return exit;
        }
        return exit.isEmpty() ? c.lastReason() : c.lastReason() + ", " + exit;
    }

    private static String withReason(String state, String reason) {
        return reason.isEmpty() ? state : state + " (" + reason + ")";
    }
}
