package io.kedge.runtime.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A container runtime as Edged drives it. Every call is synchronous and may block on the runtime
 * (Edged calls from its own worker threads); every failure is a {@link RuntimeFailure} with a
 * reason Edged can put in a pod status. Ids are the runtime's own and survive a restart of the
 * runtime bundle and of the node: Edged finds what already runs through {@link #listSandboxes()} and
 * {@link #listContainers()}, and the labels it set, instead of keeping a copy of its own.
 */
@ProviderType
public interface ContainerRuntime {

    /** Service property naming the runtime, e.g. {@code containerd} or {@code process}. */
    String NAME_PROPERTY = "kedge.runtime";

    /** Its name, the value of {@link #NAME_PROPERTY}. */
    String name();

    /** Runtime name and version for the node status, e.g. {@code containerd://1.6.20}. */
    String version() throws RuntimeFailure;

    // images

    /**
     * Makes {@code image} available, pulling it when {@code policy} says so. Under
     * {@link PullPolicy#ALWAYS} a pull that fails while the image is held uses the held image: a node
     * cut off from its registry keeps (re)starting its pods.
     *
     * @return the image as the runtime holds it (its id becomes the container status' imageID)
     * @throws RuntimeFailure with reason {@link RuntimeFailure#IMAGE_PULL} when it cannot be had,
     *                        {@link RuntimeFailure#IMAGE_NEVER_PULL} when absent under {@link PullPolicy#NEVER}
     */
    ImageInfo ensureImage(String image, PullPolicy policy) throws RuntimeFailure;

    List<ImageInfo> listImages() throws RuntimeFailure;

    // pod sandboxes

    /** Creates and starts the pod's sandbox (network namespace, pod IP); returns its id. */
    String runPodSandbox(SandboxSpec spec) throws RuntimeFailure;

    /** Stops every container of the sandbox and the sandbox itself; idempotent. */
    void stopPodSandbox(String sandboxId) throws RuntimeFailure;

    /** Removes a stopped sandbox and its containers; idempotent (an unknown id is not an error). */
    void removePodSandbox(String sandboxId) throws RuntimeFailure;

    /** The sandbox, empty when the runtime does not know it. */
    Optional<SandboxStatus> sandboxStatus(String sandboxId) throws RuntimeFailure;

    List<SandboxStatus> listSandboxes() throws RuntimeFailure;

    // containers

    /** Creates a container in a ready sandbox; returns its id. The image must be ensured first. */
    String createContainer(String sandboxId, ContainerSpec spec, SandboxSpec sandbox) throws RuntimeFailure;

    void startContainer(String containerId) throws RuntimeFailure;

    /**
     * Stops a container: TERM, then KILL once {@code grace} has passed; returns when it has exited.
     * Idempotent: stopping an exited or unknown container is not an error.
     */
    void stopContainer(String containerId, Duration grace) throws RuntimeFailure;

    /** Removes an exited container; idempotent. */
    void removeContainer(String containerId) throws RuntimeFailure;

    Optional<ContainerStatus> containerStatus(String containerId) throws RuntimeFailure;

    /** Every container the runtime holds that Edged created (all sandboxes, all states). */
    List<ContainerStatus> listContainers() throws RuntimeFailure;

    // logs and exec

    /**
     * Reads the container's log (stdout and stderr as written, each line as the runtime keeps it)
     * from byte {@code offset}; at most {@code maxBytes}. Works after the container exited, until
     * it is removed.
     */
    LogChunk readLog(String containerId, long offset, int maxBytes) throws RuntimeFailure;

    /** Runs {@code command} in the running container and waits for it, at most {@code timeout}. */
    ExecResult exec(String containerId, List<String> command, Duration timeout) throws RuntimeFailure;
}
