package io.kedge.edged.pod;

import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.ImageInfo;
import io.kedge.runtime.api.LogChunk;
import io.kedge.runtime.api.PodLabels;
import io.kedge.runtime.api.PullPolicy;
import io.kedge.runtime.api.RuntimeFailure;
import io.kedge.runtime.api.SandboxSpec;
import io.kedge.runtime.api.SandboxStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory runtime for the reconciler's unit tests: containers run until the test says they exit. */
class FakeRuntime implements ContainerRuntime {
    record Stop(String container, Duration grace) {
    }

    private final Clock clock;
    private final AtomicInteger ids = new AtomicInteger();
    final Map<String, SandboxStatus> sandboxes = new LinkedHashMap<>();
    final Map<String, ContainerStatus> containers = new LinkedHashMap<>();
    final Map<String, ContainerSpec> specs = new LinkedHashMap<>();
    final Set<String> badImages = new HashSet<>();
    final Set<String> failingPods = new HashSet<>();
    final List<Stop> stops = new ArrayList<>();
    final List<String> started = new ArrayList<>();
    int pulls;
    int sandboxListings;
    int containerListings;
    /** Stops fail as a runtime that cannot reach its container does. */
    boolean failStops;

    FakeRuntime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized String version() {
        return "fake://1.0";
    }

    @Override
    public synchronized ImageInfo ensureImage(String image, PullPolicy policy) throws RuntimeFailure {
        pulls++;
        if (badImages.contains(image)) {
            throw new RuntimeFailure(RuntimeFailure.IMAGE_PULL, "pull access denied for " + image);
        }
        return new ImageInfo("sha256:" + image.hashCode(), List.of(image), 1);
    }

    @Override
    public synchronized List<ImageInfo> listImages() {
        return List.of(new ImageInfo("sha256:1", List.of("busybox:latest"), 100));
    }

    @Override
    public synchronized String runPodSandbox(SandboxSpec spec) throws RuntimeFailure {
        if (failingPods.contains(spec.podName())) {
            throw new RuntimeFailure(RuntimeFailure.CREATE_SANDBOX, "no network for " + spec.podName());
        }
        String id = "s" + ids.incrementAndGet();
        sandboxes.put(id, new SandboxStatus(id, spec.podName(), spec.namespace(), spec.podUid(), spec.attempt(), true,
                "10.88.0." + ids.get(), clock.instant(), spec.labels()));
        return id;
    }

    @Override
    public synchronized void stopPodSandbox(String sandboxId) {
        SandboxStatus s = sandboxes.get(sandboxId);
        if (s != null) {
            sandboxes.put(sandboxId, new SandboxStatus(s.id(), s.podName(), s.namespace(), s.podUid(), s.attempt(), false,
                    s.ip(), s.createdAt(), s.labels()));
            containers.values().stream().filter(c -> c.sandboxId().equals(sandboxId)).toList()
                    .forEach(c -> exit(c.id(), 137));
        }
    }

    @Override
    public synchronized void removePodSandbox(String sandboxId) {
        sandboxes.remove(sandboxId);
        containers.values().removeIf(c -> c.sandboxId().equals(sandboxId));
    }

    @Override
    public synchronized Optional<SandboxStatus> sandboxStatus(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId));
    }

    @Override
    public synchronized List<SandboxStatus> listSandboxes() {
        sandboxListings++;
        return List.copyOf(sandboxes.values());
    }

    @Override
    public synchronized String createContainer(String sandboxId, ContainerSpec spec, SandboxSpec sandbox)
            throws RuntimeFailure {
        if (!sandboxes.containsKey(sandboxId)) {
            throw new RuntimeFailure(RuntimeFailure.CREATE_CONTAINER, "no sandbox " + sandboxId);
        }
        String id = "c" + ids.incrementAndGet();
        containers.put(id, new ContainerStatus(id, sandboxId, spec.name(), spec.attempt(), ContainerStatus.State.CREATED,
                spec.image(), "sha256:" + spec.image().hashCode(), clock.instant(), null, null, 0, "", "", spec.labels()));
        specs.put(id, spec);
        return id;
    }

    @Override
    public synchronized void startContainer(String containerId) throws RuntimeFailure {
        ContainerStatus c = containers.get(containerId);
        if (c == null) {
            throw new RuntimeFailure(RuntimeFailure.NOT_FOUND, containerId);
        }
        started.add(c.name());
        containers.put(containerId, with(c, ContainerStatus.State.RUNNING, clock.instant(), null, 0));
    }

    @Override
    public synchronized void stopContainer(String containerId, Duration grace) throws RuntimeFailure {
        if (failStops) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "container " + containerId + " did not stop");
        }
        stops.add(new Stop(containerId, grace));
        ContainerStatus c = containers.get(containerId);
        if (c != null && c.state() == ContainerStatus.State.RUNNING) {
            exit(containerId, 143);
        }
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public synchronized Optional<ContainerStatus> containerStatus(String containerId) {
        return Optional.ofNullable(containers.get(containerId));
    }

    @Override
    public synchronized List<ContainerStatus> listContainers() throws RuntimeFailure {
        containerListings++;
        return List.copyOf(containers.values());
    }

    @Override
    public LogChunk readLog(String containerId, long offset, int maxBytes) {
        return new LogChunk(new byte[0], offset, true);
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout) {
        return new ExecResult(0, new byte[0], new byte[0]);
    }

    /** The running container {@code name} of pod {@code podName} exits with {@code code} now. */
    synchronized void exit(String podName, String name, int code) {
        containers.values().stream().filter(c -> name.equals(c.name()) && c.state() == ContainerStatus.State.RUNNING
                && podName.equals(c.labels().get(PodLabels.POD_NAME))).toList().forEach(c -> exit(c.id(), code));
    }

    synchronized List<ContainerStatus> of(String podName) {
        return containers.values().stream().filter(c -> podName.equals(c.labels().get(PodLabels.POD_NAME))).toList();
    }

    private void exit(String id, int code) {
        ContainerStatus c = containers.get(id);
        containers.put(id, with(c, ContainerStatus.State.EXITED, c.startedAt(), clock.instant(), code));
    }

    private static ContainerStatus with(ContainerStatus c, ContainerStatus.State state, java.time.Instant started,
            java.time.Instant finished, int code) {
        return new ContainerStatus(c.id(), c.sandboxId(), c.name(), c.attempt(), state, c.image(), c.imageId(),
                c.createdAt(), started, finished, code, "", "", c.labels());
    }
}
