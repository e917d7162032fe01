package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.PodLabels;
import io.kedge.runtime.api.PullPolicy;
import io.kedge.runtime.api.RuntimeFailure;
import io.kedge.runtime.api.SandboxSpec;
import io.kedge.runtime.api.SandboxStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-triggered: each pass compares one pod's spec with what the runtime holds and takes the next
 * steps (sandbox, init containers in order, app containers, restarts with back-off), then returns
 * the pod's status. Nothing is remembered between passes but back-off timers and condition times:
 * the runtime's listing and its labels are the truth, so after a restart Edged takes over what runs.
 * Calls for one pod must not overlap (the caller serialises per pod); different pods may run at once.
 */
public final class PodReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(PodReconciler.class);
    static final String RUNTIME_UNAVAILABLE = RuntimeFailure.UNAVAILABLE;

    private enum Step { DONE, RUNNING, WAITING, FAILED }

    /** Shorter than a pass: a pod reconciled on a store event between passes sees a recent listing. */
    static final Duration LISTING_MAX_AGE = Duration.ofSeconds(1);

    private final Supplier<Optional<ContainerRuntime>> runtime;
    private final String runtimeName;
    private final PodPreparation preparation;
    private final Readiness readiness;
    private final Clock clock;
    private final String logRoot;
    private final BackOff backOff = new BackOff();
    private final PodStatusBuilder statuses;
    private final RuntimeListings listings;

    public PodReconciler(Supplier<Optional<ContainerRuntime>> runtime, String runtimeName, PodPreparation preparation,
            Readiness readiness, Clock clock, String hostIp, String logRoot) {
        this.runtime = runtime;
        this.runtimeName = runtimeName;
        this.preparation = preparation;
        this.readiness = readiness;
        this.clock = clock;
        this.logRoot = logRoot;
        this.statuses = new PodStatusBuilder(runtimeName, hostIp);
        this.listings = new RuntimeListings(clock, LISTING_MAX_AGE);
    }

    /** A full pass begins: the runtime is listed afresh, then once for all its pods unless Edged changes something. */
    public void newPass() {
        listings.invalidate();
    }

    /** One pass for a pod this node should run; returns its status. Never throws. */
    public ObjectNode reconcile(JsonNode pod) {
        Instant now = clock.instant();
        PodRun run = new PodRun();
        Optional<ContainerRuntime> bound = runtime.get();
        if (bound.isEmpty()) {
            run.podWaiting(RUNTIME_UNAVAILABLE, "container runtime '" + runtimeName + "' is not available");
            return statuses.build(pod, run, now);
        }
        ContainerRuntime rt = listings.over(bound.get());
        try {
            run.sandbox(ensureSandbox(rt, pod));
            run.containers(containersOf(rt, Pods.uid(pod)));
            preparation.prepare(pod);
            if (initContainers(rt, pod, run, now)) {
                for (JsonNode container : pod.path("spec").path("containers")) {
                    step(rt, pod, container, false, run, now);
                }
            }
        } catch (RuntimeFailure e) {
            run.podWaiting(e.reason(), e.getMessage());
        } catch (PodSpecException e) {
            run.podWaiting(e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Pod {}/{}: reconcile failed", Pods.namespace(pod), Pods.name(pod), e);
            run.podWaiting("InternalError", String.valueOf(e.getMessage()));
        }
        observe(rt, pod, run);
        return statuses.build(pod, run, now);
    }

    /**
     * Stops the pod's containers, each with {@code grace} (TERM, then KILL), then stops and removes
     * its sandboxes and its prepared volumes.
     */
    public void remove(String podUid, Duration grace) throws RuntimeFailure {
        Optional<ContainerRuntime> bound = runtime.get();
        if (bound.isEmpty()) {
            throw new RuntimeFailure(RUNTIME_UNAVAILABLE, "container runtime '" + runtimeName + "' is not available");
        }
        ContainerRuntime rt = listings.over(bound.get());
        for (ContainerStatus container : containersOf(rt, podUid)) {
            if (container.state() == ContainerStatus.State.RUNNING) {
                rt.stopContainer(container.id(), grace);
            }
        }
        for (SandboxStatus sandbox : sandboxesOf(rt, podUid)) {
            rt.stopPodSandbox(sandbox.id());
            rt.removePodSandbox(sandbox.id());
        }
        preparation.remove(podUid);
        readiness.forget(podUid);
        backOff.forgetPrefix(podUid + "/");
        statuses.forget(podUid);
    }

    /** Uids of every pod the runtime holds a sandbox of. */
    public List<String> podsInRuntime() throws RuntimeFailure {
        Optional<ContainerRuntime> bound = runtime.get();
        if (bound.isEmpty()) {
            return List.of();
        }
        return listings.sandboxes(bound.get()).stream().map(PodReconciler::uidOf).filter(uid -> !uid.isEmpty()).distinct()
                .toList();
    }

    private SandboxStatus ensureSandbox(ContainerRuntime rt, JsonNode pod) throws RuntimeFailure {
        List<SandboxStatus> sandboxes = sandboxesOf(rt, Pods.uid(pod));
        Optional<SandboxStatus> ready = sandboxes.stream().filter(SandboxStatus::ready)
                .max(Comparator.comparingInt(SandboxStatus::attempt));
        if (ready.isPresent()) {
            return ready.get();
        }
        int attempt = sandboxes.stream().mapToInt(s -> s.attempt() + 1).max().orElse(0);
        for (SandboxStatus old : sandboxes) { // a dead sandbox (e.g. after a reboot): its containers go with it
            rt.stopPodSandbox(old.id());
            rt.removePodSandbox(old.id());
        }
        String id = rt.runPodSandbox(sandboxSpec(pod, attempt));
        return rt.sandboxStatus(id).orElseThrow(() -> new RuntimeFailure(RuntimeFailure.CREATE_SANDBOX,
                "sandbox " + id + " vanished right after it was created"));
    }

    /** Runs the init containers one after the other; true once all of them exited 0. */
    private boolean initContainers(ContainerRuntime rt, JsonNode pod, PodRun run, Instant now)
            throws RuntimeFailure {
        for (JsonNode container : pod.path("spec").path("initContainers")) {
            if (step(rt, pod, container, true, run, now) != Step.DONE) {
                return false;
            }
        }
        return true;
    }

    private Step step(ContainerRuntime rt, JsonNode pod, JsonNode container, boolean init, PodRun run, Instant now)
            throws RuntimeFailure {
        String name = container.path("name").asText();
        String key = Pods.uid(pod) + "/" + name;
        Optional<ContainerStatus> current = run.current(name);
        int nextAttempt = run.attempts(name).stream().mapToInt(c -> c.attempt() + 1).max().orElse(0);
        if (current.isPresent() && !Pods.hash(container).equals(current.get().labels().get(PodLabels.CONTAINER_HASH))
                && !(init && succeeded(current.get()))) {
            LOG.info("Pod {}/{}: container {} changed, recreating it", Pods.namespace(pod), Pods.name(pod), name);
            rt.stopContainer(current.get().id(), Pods.grace(pod));
            rt.removeContainer(current.get().id());
            return create(rt, pod, container, nextAttempt, run, now);
        }
        if (current.isEmpty()) {
            if (backOff.lastAttempt(key).flatMap(at -> backOff.retryAt(key, at, now)).isPresent()) {
                crashLoop(pod, name, key, run);
                return Step.WAITING;
            }
            return create(rt, pod, container, nextAttempt, run, now);
        }
        ContainerStatus status = current.get();
        switch (status.state()) {
            case RUNNING:
                if (init || readiness.alive(pod, container, status)) {
                    return Step.RUNNING;
                }
                LOG.info("Pod {}/{}: container {} failed its liveness or startup probe, restarting it", Pods.namespace(pod),
                        Pods.name(pod), name);
                rt.stopContainer(status.id(), Pods.grace(pod));
                status = rt.containerStatus(status.id()).orElse(status);
                if (status.state() != ContainerStatus.State.EXITED) {
                    return Step.WAITING;
                }
                break;
            case CREATED:
                return start(rt, pod, name, key, status.id(), run, now);
            case UNKNOWN:
                return Step.WAITING;
            default:
                break;
        }
        if (init && status.exitCode() == 0) {
            return Step.DONE;
        }
        String policy = Pods.restartPolicy(pod);
        boolean restart = init ? !"Never".equals(policy)
                : "Always".equals(policy) || ("OnFailure".equals(policy) && status.exitCode() != 0);
        if (!restart) {
            return init ? Step.FAILED : Step.DONE;
        }
        Instant finished = status.finishedAt() != null ? status.finishedAt() : now;
        if (backOff.retryAt(key, finished, now).isPresent()) {
            crashLoop(pod, name, key, run);
            return Step.WAITING;
        }
        backOff.attempt(key, now);
        removeOlderThan(rt, run, name, status.attempt());
        return create(rt, pod, container, nextAttempt, run, now);
    }

    private void crashLoop(JsonNode pod, String name, String key, PodRun run) {
        run.waiting(name, "CrashLoopBackOff", "back-off " + backOff.delay(key).toSeconds() + "s restarting failed container="
                + name + " pod=" + Pods.name(pod) + "_" + Pods.namespace(pod) + "(" + Pods.uid(pod) + ")");
    }

    /** Keeps the container being replaced (it is the next lastState) and removes those before it. */
    private static void removeOlderThan(ContainerRuntime rt, PodRun run, String name, int attempt) throws RuntimeFailure {
        for (ContainerStatus old : run.attempts(name)) {
            if (old.attempt() < attempt && old.state() != ContainerStatus.State.RUNNING) {
                rt.removeContainer(old.id());
            }
        }
    }

    private Step create(ContainerRuntime rt, JsonNode pod, JsonNode container, int attempt, PodRun run, Instant now)
            throws RuntimeFailure {
        String name = container.path("name").asText();
        String image = container.path("image").asText("");
        String pullKey = Pods.uid(pod) + "/pull/" + name;
        if (backOff.lastAttempt(pullKey).flatMap(at -> backOff.retryAt(pullKey, at, now)).isPresent()) {
            run.waiting(name, "ImagePullBackOff", "Back-off pulling image \"" + image + "\"");
            return Step.WAITING;
        }
        try {
            rt.ensureImage(image, PullPolicy.of(container.path("imagePullPolicy").asText(""), image));
            backOff.forget(pullKey);
        } catch (RuntimeFailure e) {
            if (RuntimeFailure.IMAGE_PULL.equals(e.reason())) {
                backOff.attempt(pullKey, now);
            }
            run.waiting(name, e.reason(), e.getMessage());
            return Step.WAITING;
        } catch (IllegalArgumentException e) {
            run.waiting(name, PodSpecException.INVALID_SPEC, e.getMessage());
            return Step.WAITING;
        }
        String id;
        try {
            SandboxStatus sandbox = run.sandbox().orElseThrow();
            String podIp = sandbox.ip();
            ContainerSpec spec = containerSpec(pod, container, attempt, preparation.mounts(pod, container),
                    preparation.env(pod, container, podIp));
            id = rt.createContainer(sandbox.id(), spec, sandboxSpec(pod, sandbox.attempt()));
        } catch (PodSpecException e) {
            run.waiting(name, e.reason(), e.getMessage());
            return Step.WAITING;
        } catch (RuntimeFailure e) {
            backOff.attempt(Pods.uid(pod) + "/" + name, now);
            run.waiting(name, e.reason(), e.getMessage());
            return Step.WAITING;
        }
        return start(rt, pod, name, Pods.uid(pod) + "/" + name, id, run, now);
    }

    private Step start(ContainerRuntime rt, JsonNode pod, String name, String key, String id, PodRun run, Instant now)
            throws RuntimeFailure {
        try {
            rt.startContainer(id);
            return Step.RUNNING;
        } catch (RuntimeFailure e) {
            // a container that cannot start is retried with the crash back-off, not on every pass
            backOff.attempt(key, now);
            rt.removeContainer(id);
            run.waiting(name, e.reason(), e.getMessage());
            return Step.WAITING;
        }
    }

    /** Reads the containers again after this pass' steps and asks for readiness of the running ones. */
    private void observe(ContainerRuntime rt, JsonNode pod, PodRun run) {
        try {
            run.containers(containersOf(rt, Pods.uid(pod)));
        } catch (RuntimeFailure | RuntimeException e) {
            LOG.debug("Pod {}/{}: containers not listed: {}", Pods.namespace(pod), Pods.name(pod), e.getMessage());
        }
        for (JsonNode container : pod.path("spec").path("containers")) {
            String name = container.path("name").asText();
            run.current(name).filter(c -> c.state() == ContainerStatus.State.RUNNING).ifPresent(c -> {
                boolean started = readiness.started(pod, container, c);
                run.started(name, started);
                run.ready(name, started && readiness.ready(pod, container, c));
            });
        }
    }

    private SandboxSpec sandboxSpec(JsonNode pod, int attempt) {
        List<SandboxSpec.PortMapping> ports = new ArrayList<>();
        for (JsonNode container : pod.path("spec").path("containers")) {
            for (JsonNode port : container.path("ports")) {
                ports.add(new SandboxSpec.PortMapping(port.path("protocol").asText("TCP"),
                        port.path("containerPort").asInt(), port.path("hostPort").asInt(0)));
            }
        }
        JsonNode spec = pod.path("spec");
        return new SandboxSpec(Pods.name(pod), Pods.namespace(pod), Pods.uid(pod), attempt,
                spec.path("hostname").asText(Pods.name(pod)), spec.path("hostNetwork").asBoolean(false),
                Pods.labels(pod), Map.of(), logRoot + "/" + Pods.namespace(pod) + "_" + Pods.name(pod) + "_" + Pods.uid(pod),
                ports);
    }

    private static ContainerSpec containerSpec(JsonNode pod, JsonNode container, int attempt,
            List<ContainerSpec.Mount> mounts, List<ContainerSpec.EnvVar> env) {
        String name = container.path("name").asText();
        Map<String, String> labels = new LinkedHashMap<>(Pods.labels(pod));
        labels.put(PodLabels.CONTAINER_NAME, name);
        labels.put(PodLabels.CONTAINER_HASH, Pods.hash(container));
        return new ContainerSpec(name, attempt, container.path("image").asText(""), strings(container.path("command")),
                strings(container.path("args")), env, container.path("workingDir").asText(""), mounts,
                Quantities.resources(container.path("resources")), labels, Map.of(), name + "/" + attempt + ".log");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static boolean succeeded(ContainerStatus status) {
        return status.state() == ContainerStatus.State.EXITED && status.exitCode() == 0;
    }

    private static List<SandboxStatus> sandboxesOf(ContainerRuntime rt, String podUid) throws RuntimeFailure {
        return rt.listSandboxes().stream().filter(s -> podUid.equals(uidOf(s))).toList();
    }

    private static List<ContainerStatus> containersOf(ContainerRuntime rt, String podUid) throws RuntimeFailure {
        return rt.listContainers().stream().filter(c -> podUid.equals(c.labels().get(PodLabels.POD_UID))).toList();
    }

    private static String uidOf(SandboxStatus sandbox) {
        return sandbox.podUid() != null && !sandbox.podUid().isEmpty() ? sandbox.podUid()
                : sandbox.labels().getOrDefault(PodLabels.POD_UID, "");
    }
}
