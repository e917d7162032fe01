package io.kedge.edged.pod;

import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.SandboxStatus;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one reconcile pass of a pod found and decided: the input of its status. */
final class PodRun {
    record Waiting(String reason, String message) {
    }

    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Map<String, Boolean> ready = new HashMap<>();
    private final Map<String, Boolean> started = new HashMap<>();
    private SandboxStatus sandbox;
    private List<ContainerStatus> containers = List.of();
    private Waiting podWaiting;

    void sandbox(SandboxStatus sandbox) {
        this.sandbox = sandbox;
    }

    Optional<SandboxStatus> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    void containers(List<ContainerStatus> containers) {
        this.containers = List.copyOf(containers);
    }

    /** Every container of the pod the runtime holds under {@code name}, newest attempt first. */
    List<ContainerStatus> attempts(String name) {
        return containers.stream().filter(c -> name.equals(c.name()))
                .sorted(Comparator.comparingInt(ContainerStatus::attempt).reversed()
                        .thenComparing(ContainerStatus::createdAt, Comparator.nullsFirst(Comparator.reverseOrder())))
                .toList();
    }

    /** The newest attempt in the current sandbox. */
    Optional<ContainerStatus> current(String name) {
        return attempts(name).stream().filter(c -> sandbox != null && sandbox.id().equals(c.sandboxId())).findFirst();
    }

    /** The attempt before the current one, for lastState. */
    Optional<ContainerStatus> previous(String name) {
        List<ContainerStatus> attempts = attempts(name);
        Optional<ContainerStatus> current = current(name);
        return attempts.stream().filter(c -> current.map(cur -> !cur.id().equals(c.id())).orElse(true))
                .filter(c -> c.state() == ContainerStatus.State.EXITED).findFirst();
    }

    int restartCount(String name) {
        return attempts(name).stream().mapToInt(ContainerStatus::attempt).max().orElse(0);
    }

    void waiting(String container, String reason, String message) {
        waiting.put(container, new Waiting(reason, message));
    }

    Optional<Waiting> waiting(String container) {
        return Optional.ofNullable(waiting.get(container)).or(() -> Optional.ofNullable(podWaiting));
    }

    /** A reason that holds every container of the pod back (no runtime, no sandbox, a bad volume). */
    void podWaiting(String reason, String message) {
        podWaiting = new Waiting(reason, message);
    }

    Optional<Waiting> podWaiting() {
        return Optional.ofNullable(podWaiting);
    }

    void ready(String container, boolean value) {
        ready.put(container, value);
    }

    boolean ready(String container) {
        return ready.getOrDefault(container, false);
    }

    void started(String container, boolean value) {
        started.put(container, value);
    }

    /** Running and past its startup probe, if it has one. */
    boolean started(String container) {
        return started.getOrDefault(container, false);
    }
}
