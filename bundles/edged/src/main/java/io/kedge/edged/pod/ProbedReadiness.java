package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.probe.ProbeResult;
import io.kedge.edged.probe.ProbeRunner;
import io.kedge.edged.probe.ProbeSpec;
import io.kedge.edged.probe.ProbeTracker;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.RuntimeFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness and liveness from the containers' probes: one {@link ProbeTracker} per container and
 * probe kind, run when due during the pod's pass (each probe is bounded by its timeoutSeconds).
 * A container restarted gets fresh trackers: its id changes. Until a readiness probe has a verdict
 * the container is not ready; until a liveness probe has failed its threshold it is alive.
 *
 * <p>A startup probe gates the others, as in the kubelet: until it succeeds once, neither liveness
 * nor readiness is probed, the container is not ready and counts as alive; once it succeeded it is
 * never run again for that container; should it fail {@code failureThreshold} times first, the
 * container is not alive, so it is restarted.
 */
public final class ProbedReadiness implements Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(ProbedReadiness.class);

    private static final String STARTUP = "startupProbe";
    private static final String READINESS = "readinessProbe";
    private static final String LIVENESS = "livenessProbe";

    private final ProbeRunner runner;
    private final Supplier<Optional<ContainerRuntime>> runtime;
    private final Clock clock;
    /** podUid → "container/kind" → the tracker of the container instance that runs now. */
    private final Map<String, Map<String, Tracked>> trackers = new ConcurrentHashMap<>();

    private record Tracked(String containerId, ProbeTracker tracker) {
    }

    public ProbedReadiness(ProbeRunner runner, Supplier<Optional<ContainerRuntime>> runtime, Clock clock) {
        this.runner = runner;
        this.runtime = runtime;
        this.clock = clock;
    }

    @Override
    public boolean started(JsonNode pod, JsonNode container, ContainerStatus running) {
        return startup(pod, container, running).orElse(false);
    }

    @Override
    public boolean ready(JsonNode pod, JsonNode container, ContainerStatus running) {
        if (!started(pod, container, running)) {
            return false;
        }
        return verdict(pod, container, running, READINESS).orElse(!container.hasNonNull(READINESS));
    }

    @Override
    public boolean alive(JsonNode pod, JsonNode container, ContainerStatus running) {
        Optional<Boolean> startup = startup(pod, container, running);
        if (startup.isEmpty()) {
            return true; // still starting: liveness waits
        }
        if (!startup.get()) {
            LOG.info("{}/{} container {} failed its startup probe", Pods.namespace(pod), Pods.name(pod), running.name());
            return false;
        }
        return verdict(pod, container, running, LIVENESS).orElse(true);
    }

    /** True once started (or without a startup probe), false once failed, empty while starting. */
    private Optional<Boolean> startup(JsonNode pod, JsonNode container, ContainerStatus running) {
        if (!container.hasNonNull(STARTUP)) {
            return Optional.of(true);
        }
        Optional<Tracked> known = tracked(pod, running, STARTUP);
        if (known.isPresent() && known.get().tracker().verdict().orElse(false)) {
            return Optional.of(true); // succeeded once: never probed again for this container
        }
        return verdict(pod, container, running, STARTUP);
    }

    private Optional<Tracked> tracked(JsonNode pod, ContainerStatus running, String kind) {
        return Optional.ofNullable(trackers.get(Pods.uid(pod))).map(byKey -> byKey.get(running.name() + "/" + kind))
                .filter(tracked -> tracked.containerId().equals(running.id()));
    }

    @Override
    public void forget(String podUid) {
        trackers.remove(podUid);
    }

    private Optional<Boolean> verdict(JsonNode pod, JsonNode container, ContainerStatus running, String kind) {
        if (!container.hasNonNull(kind)) {
            return Optional.empty();
        }
        ProbeTracker tracker;
        ProbeSpec spec;
        try {
            spec = ProbeSpec.parse(container.get(kind), container);
            Instant started = running.startedAt() != null ? running.startedAt() : clock.instant();
            // a restarted container (new id) starts from a fresh tracker: initial delay and thresholds again
            tracker = trackers.computeIfAbsent(Pods.uid(pod), uid -> new ConcurrentHashMap<>())
                    .compute(running.name() + "/" + kind, (key, old) -> old != null
                            && old.containerId().equals(running.id()) ? old
                            : new Tracked(running.id(), new ProbeTracker(spec, started))).tracker();
        } catch (PodSpecException e) {
            return Optional.of(false); // refused before the container was created; a changed spec recreates it
        }
        Instant now = clock.instant();
        if (tracker.due(now)) {
            ProbeResult result = runner.run(spec, podIp(running), (command, timeout) -> exec(running.id(), command, timeout));
            tracker.record(result, clock.instant());
            if (!result.succeeded()) {
                LOG.debug("{} of {}/{} container {} failed: {}", kind, Pods.namespace(pod), Pods.name(pod),
                        running.name(), result.message());
            }
        }
        return tracker.verdict();
    }

    private ExecResult exec(String containerId, java.util.List<String> command, java.time.Duration timeout)
            throws RuntimeFailure {
        ContainerRuntime bound = runtime.get().orElseThrow(() -> new RuntimeFailure(RuntimeFailure.UNAVAILABLE,
                "no container runtime bound"));
        return bound.exec(containerId, command, timeout);
    }

    /** The sandbox's IP as the runtime has it now (the pod's status in the store may lag behind). */
    private String podIp(ContainerStatus running) {
        try {
            Optional<ContainerRuntime> bound = runtime.get();
            return bound.isEmpty() ? "" : bound.get().sandboxStatus(running.sandboxId())
                    .map(sandbox -> sandbox.ip()).orElse("");
        } catch (RuntimeFailure e) {
            return "";
        }
    }
}
