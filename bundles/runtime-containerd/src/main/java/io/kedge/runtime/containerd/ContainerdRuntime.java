package io.kedge.runtime.containerd;

import com.google.protobuf.ByteString;
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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import runtime.v1.Api;
import runtime.v1.ImageServiceGrpc;
import runtime.v1.ImageServiceGrpc.ImageServiceBlockingStub;
import runtime.v1.RuntimeServiceGrpc;
import runtime.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} over CRI v1 on containerd's socket. Sandboxes and containers are found
 * back by the {@link PodLabels} Edged sets; nothing is kept here, so a new instance (after a bundle
 * update) sees what the previous one created.
 */
final class ContainerdRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerdRuntime.class);
    static final String NAME = "containerd";
    private static final long CFS_PERIOD_MICROS = 100_000;
    private static final long MIN_SHARES = 2;

    private final RuntimeServiceBlockingStub runtime;
    private final ImageServiceBlockingStub images;
    private final Duration callTimeout;
    private final Duration pullTimeout;

    ContainerdRuntime(CriChannel channel, Duration callTimeout, Duration pullTimeout) {
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel.channel());
        this.images = ImageServiceGrpc.newBlockingStub(channel.channel());
        this.callTimeout = callTimeout;
        this.pullTimeout = pullTimeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() throws RuntimeFailure {
        Api.VersionResponse v = call(RuntimeFailure.UNAVAILABLE, "version",
                () -> rt().version(Api.VersionRequest.newBuilder().setVersion("v1").build()));
        return v.getRuntimeName() + "://" + v.getRuntimeVersion();
    }

    // images

    @Override
    public ImageInfo ensureImage(String image, PullPolicy policy) throws RuntimeFailure {
        Api.ImageSpec spec = Api.ImageSpec.newBuilder().setImage(image).build();
        if (policy != PullPolicy.ALWAYS) {
            Optional<ImageInfo> present = imageStatus(spec);
            if (present.isPresent()) {
                return present.get();
            }
            if (policy == PullPolicy.NEVER) {
                throw new RuntimeFailure(RuntimeFailure.IMAGE_NEVER_PULL,
                        "image " + image + " is not present and the pull policy is Never");
            }
        }
        try {
            call(RuntimeFailure.IMAGE_PULL, "pull " + image, () -> images.withDeadlineAfter(
                    pullTimeout.toMillis(), TimeUnit.MILLISECONDS).pullImage(
                            Api.PullImageRequest.newBuilder().setImage(spec).build()));
        } catch (RuntimeFailure pullFailed) {
            // Always, but the registry is out of reach: an edge node keeps running what it holds
            Optional<ImageInfo> held = policy == PullPolicy.ALWAYS ? imageStatus(spec) : Optional.empty();
            if (held.isEmpty()) {
                throw pullFailed;
            }
            LOG.warn("Pull of {} failed ({}); using the image this node holds", image, pullFailed.getMessage());
            return held.get();
        }
        return imageStatus(spec).orElseThrow(() -> new RuntimeFailure(RuntimeFailure.IMAGE_PULL,
                "image " + image + " was pulled but containerd does not show it"));
    }

    private Optional<ImageInfo> imageStatus(Api.ImageSpec spec) throws RuntimeFailure {
        Api.ImageStatusResponse r = call(RuntimeFailure.IMAGE_PULL, "image status " + spec.getImage(),
                () -> img().imageStatus(Api.ImageStatusRequest.newBuilder().setImage(spec).build()));
        return r.hasImage() && !r.getImage().getId().isEmpty() ? Optional.of(info(r.getImage())) : Optional.empty();
    }

    @Override
    public List<ImageInfo> listImages() throws RuntimeFailure {
        Api.ListImagesResponse r = call(RuntimeFailure.UNAVAILABLE, "list images",
                () -> img().listImages(Api.ListImagesRequest.getDefaultInstance()));
        return r.getImagesList().stream().map(ContainerdRuntime::info).toList();
    }

    private static ImageInfo info(Api.Image image) {
        List<String> names = new ArrayList<>(image.getRepoTagsList());
        names.addAll(image.getRepoDigestsList());
        return new ImageInfo(image.getId(), names, image.getSize());
    }

    // sandboxes

    @Override
    public String runPodSandbox(SandboxSpec spec) throws RuntimeFailure {
        Api.PodSandboxConfig config = CriSpecs.sandboxConfig(spec);
        return call(RuntimeFailure.CREATE_SANDBOX, "run sandbox of " + spec.namespace() + "/" + spec.podName(),
                () -> rt().runPodSandbox(Api.RunPodSandboxRequest.newBuilder().setConfig(config).build()))
                .getPodSandboxId();
    }

    @Override
    public void stopPodSandbox(String sandboxId) throws RuntimeFailure {
        ignoringNotFound(RuntimeFailure.UNAVAILABLE, "stop sandbox " + sandboxId, () -> rt().stopPodSandbox(
                Api.StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    @Override
    public void removePodSandbox(String sandboxId) throws RuntimeFailure {
        ignoringNotFound(RuntimeFailure.UNAVAILABLE, "remove sandbox " + sandboxId, () -> rt().removePodSandbox(
                Api.RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    @Override
    public Optional<SandboxStatus> sandboxStatus(String sandboxId) throws RuntimeFailure {
        Optional<Api.PodSandboxStatusResponse> r = ignoringNotFound(RuntimeFailure.UNAVAILABLE,
                "sandbox status " + sandboxId, () -> rt().podSandboxStatus(
                        Api.PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build()));
        return r.map(response -> {
            Api.PodSandboxStatus s = response.getStatus();
            return new SandboxStatus(s.getId(), s.getMetadata().getName(), s.getMetadata().getNamespace(),
                    s.getMetadata().getUid(), (int) s.getMetadata().getAttempt(),
                    s.getState() == Api.PodSandboxState.SANDBOX_READY, s.getNetwork().getIp(),
                    instant(s.getCreatedAt()), s.getLabelsMap());
        });
    }

    @Override
    public List<SandboxStatus> listSandboxes() throws RuntimeFailure {
        Api.ListPodSandboxResponse r = call(RuntimeFailure.UNAVAILABLE, "list sandboxes",
                () -> rt().listPodSandbox(Api.ListPodSandboxRequest.getDefaultInstance()));
        List<SandboxStatus> result = new ArrayList<>();
        for (Api.PodSandbox s : r.getItemsList()) {
            if (!s.getLabelsMap().containsKey(PodLabels.POD_UID)) {
                continue; // not Edged's
            }
            // the list has no IP: ask for the status of each
            sandboxStatus(s.getId()).ifPresent(result::add);
        }
        return result;
    }

    // containers

    @Override
    public String createContainer(String sandboxId, ContainerSpec spec, SandboxSpec sandbox) throws RuntimeFailure {
        Api.CreateContainerRequest request = Api.CreateContainerRequest.newBuilder()
                .setPodSandboxId(sandboxId)
                .setConfig(CriSpecs.containerConfig(spec))
                .setSandboxConfig(CriSpecs.sandboxConfig(sandbox))
                .build();
        return call(RuntimeFailure.CREATE_CONTAINER, "create container " + spec.name(),
                () -> rt().createContainer(request)).getContainerId();
    }

    @Override
    public void startContainer(String containerId) throws RuntimeFailure {
        call(RuntimeFailure.START_CONTAINER, "start container " + containerId, () -> rt().startContainer(
                Api.StartContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    @Override
    public void stopContainer(String containerId, Duration grace) throws RuntimeFailure {
        long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
        ignoringNotFound(RuntimeFailure.UNAVAILABLE, "stop container " + containerId,
                () -> runtime.withDeadlineAfter(callTimeout.toMillis() + seconds * 1000, TimeUnit.MILLISECONDS)
                        .stopContainer(Api.StopContainerRequest.newBuilder().setContainerId(containerId)
                                .setTimeout(seconds).build()));
    }

    @Override
    public void removeContainer(String containerId) throws RuntimeFailure {
        ignoringNotFound(RuntimeFailure.UNAVAILABLE, "remove container " + containerId, () -> rt().removeContainer(
                Api.RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) throws RuntimeFailure {
        Api.ListContainersResponse listed = call(RuntimeFailure.UNAVAILABLE, "list containers",
                () -> rt().listContainers(Api.ListContainersRequest.newBuilder().setFilter(
                        Api.ContainerFilter.newBuilder().setId(containerId)).build()));
        if (listed.getContainersCount() == 0) {
            return Optional.empty();
        }
        return status(listed.getContainers(0));
    }

    @Override
    public List<ContainerStatus> listContainers() throws RuntimeFailure {
        Api.ListContainersResponse listed = call(RuntimeFailure.UNAVAILABLE, "list containers",
                () -> rt().listContainers(Api.ListContainersRequest.getDefaultInstance()));
        List<ContainerStatus> result = new ArrayList<>();
        for (Api.Container c : listed.getContainersList()) {
            if (c.getLabelsMap().containsKey(PodLabels.CONTAINER_NAME)) {
                status(c).ifPresent(result::add);
            }
        }
        return result;
    }

    private Optional<ContainerStatus> status(Api.Container container) throws RuntimeFailure {
        return fullStatus(container.getId()).map(s -> new ContainerStatus(s.getId(), container.getPodSandboxId(),
                s.getMetadata().getName(), (int) s.getMetadata().getAttempt(), state(s.getState()),
                s.getImage().getImage(), s.getImageRef(), instant(s.getCreatedAt()), instantOrNull(s.getStartedAt()),
                instantOrNull(s.getFinishedAt()), s.getExitCode(), s.getReason(), s.getMessage(), s.getLabelsMap()));
    }

    private Optional<Api.ContainerStatus> fullStatus(String containerId) throws RuntimeFailure {
        return ignoringNotFound(RuntimeFailure.UNAVAILABLE, "container status " + containerId,
                () -> rt().containerStatus(Api.ContainerStatusRequest.newBuilder().setContainerId(containerId).build()))
                .map(Api.ContainerStatusResponse::getStatus);
    }

    private static ContainerStatus.State state(Api.ContainerState state) {
        return switch (state) {
            case CONTAINER_CREATED -> ContainerStatus.State.CREATED;
            case CONTAINER_RUNNING -> ContainerStatus.State.RUNNING;
            case CONTAINER_EXITED -> ContainerStatus.State.EXITED;
            default -> ContainerStatus.State.UNKNOWN;
        };
    }

    // logs and exec

    @Override
    public LogChunk readLog(String containerId, long offset, int maxBytes) throws RuntimeFailure {
        Api.ContainerStatus s = fullStatus(containerId).orElseThrow(() -> new RuntimeFailure(
                RuntimeFailure.NOT_FOUND, "no container " + containerId));
        if (s.getLogPath().isEmpty()) {
            return new LogChunk(new byte[0], offset, true);
        }
        try {
            return CriLogs.read(Path.of(s.getLogPath()), offset, maxBytes,
                    s.getState() == Api.ContainerState.CONTAINER_EXITED);
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "cannot read log " + s.getLogPath() + ": " + e, e);
        }
    }

    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout) throws RuntimeFailure {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        Api.ExecSyncResponse r = call(RuntimeFailure.UNAVAILABLE, "exec in " + containerId,
                () -> runtime.withDeadlineAfter(callTimeout.toMillis() + timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .execSync(Api.ExecSyncRequest.newBuilder().setContainerId(containerId)
                                .addAllCmd(command).setTimeout(seconds).build()));
        return new ExecResult(r.getExitCode(), bytes(r.getStdout()), bytes(r.getStderr()));
    }

    // helpers

    private RuntimeServiceBlockingStub rt() {
        return runtime.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ImageServiceBlockingStub img() {
        return images.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(String reason, String what, Supplier<T> call) throws RuntimeFailure {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw CriErrors.failure(reason, what, e);
        }
    }

    /** For the idempotent calls: an unknown id is no error. */
    private static <T> Optional<T> ignoringNotFound(String reason, String what, Supplier<T> call) throws RuntimeFailure {
        try {
            return Optional.of(call.get());
        } catch (RuntimeException e) {
            if (CriErrors.notFound(e) || notFoundMessage(e)) {
                return Optional.empty();
            }
            throw CriErrors.failure(reason, what, e);
        }
    }

    // containerd 1.6 answers some unknown ids with UNKNOWN and a "not found" text
    private static boolean notFoundMessage(RuntimeException e) {
        String m = e.getMessage();
        return m != null && (m.contains("not found") || m.contains("does not exist"));
    }

    private static byte[] bytes(ByteString data) {
        return data.toByteArray();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private static Instant instantOrNull(long nanos) {
        return nanos <= 0 ? null : instant(nanos);
    }

    static long cpuQuota(long cpuMillis) {
        return cpuMillis <= 0 ? 0 : Math.max(1000, cpuMillis * CFS_PERIOD_MICROS / 1000);
    }

    static long cpuShares(long requestMillis) {
        return requestMillis <= 0 ? 0 : Math.max(MIN_SHARES, requestMillis * 1024 / 1000);
    }

    static long cfsPeriod() {
        return CFS_PERIOD_MICROS;
    }
}
