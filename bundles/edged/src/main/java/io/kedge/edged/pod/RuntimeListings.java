package io.kedge.edged.pod;

import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.ImageInfo;
import io.kedge.runtime.api.LogChunk;
import io.kedge.runtime.api.PullPolicy;
import io.kedge.runtime.api.RuntimeFailure;
import io.kedge.runtime.api.SandboxSpec;
import io.kedge.runtime.api.SandboxStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime's sandbox and container listings, shared by the pods of a pass: every pod's pass
 * needs them, and listing once per pod made a pass over n pods cost n listings of n pods. A listing
 * is taken again when Edged changed something in the runtime since (any sandbox or container call
 * through {@link #over}), when a new pass begins ({@link #invalidate}), or when it is older than
 * {@code maxAge}. Pods reconciled in parallel share it; a change made while a listing was being
 * taken makes that listing stale at once.
 */
final class RuntimeListings {
    @FunctionalInterface
    private interface Lister<T> {
        List<T> list(ContainerRuntime runtime) throws RuntimeFailure;
    }

    private record Listing<T>(ContainerRuntime runtime, long generation, Instant at, List<T> items) {
    }

    private final Clock clock;
    private final Duration maxAge;
    private final AtomicLong generation = new AtomicLong();
    private final Slot<SandboxStatus> sandboxes = new Slot<>(ContainerRuntime::listSandboxes);
    private final Slot<ContainerStatus> containers = new Slot<>(ContainerRuntime::listContainers);

    RuntimeListings(Clock clock, Duration maxAge) {
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** What was listed before is not to be believed any more. */
    void invalidate() {
        generation.incrementAndGet();
    }

    List<SandboxStatus> sandboxes(ContainerRuntime runtime) throws RuntimeFailure {
        return sandboxes.get(runtime);
    }

    List<ContainerStatus> containers(ContainerRuntime runtime) throws RuntimeFailure {
        return containers.get(runtime);
    }

    /** {@code runtime}, with every change made through it invalidating the listings. */
    ContainerRuntime over(ContainerRuntime runtime) {
        return new Invalidating(runtime);
    }

    private final class Slot<T> {
        private final Lister<T> lister;
        private volatile Listing<T> last;

        Slot(Lister<T> lister) {
            this.lister = lister;
        }

        List<T> get(ContainerRuntime runtime) throws RuntimeFailure {
            Instant now = clock.instant();
            Listing<T> seen = last;
            if (fresh(seen, runtime, now)) {
                return seen.items();
            }
            synchronized (this) { // pods asking at once wait for one listing instead of each taking one
                seen = last;
                if (fresh(seen, runtime, now)) {
                    return seen.items();
                }
                long before = generation.get(); // read first: a change during the listing makes it stale
                List<T> items = List.copyOf(lister.list(runtime));
                last = new Listing<>(runtime, before, now, items);
                return items;
            }
        }

        private boolean fresh(Listing<T> listing, ContainerRuntime runtime, Instant now) {
            return listing != null && listing.runtime() == runtime && listing.generation() == generation.get()
                    && now.isBefore(listing.at().plus(maxAge));
        }
    }

    /** Delegates every call; after each call that may change sandboxes or containers, invalidates. */
    private final class Invalidating implements ContainerRuntime {
        private final ContainerRuntime runtime;

        Invalidating(ContainerRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        public String name() {
            return runtime.name();
        }

        @Override
        public String version() throws RuntimeFailure {
            return runtime.version();
        }

        @Override
        public ImageInfo ensureImage(String image, PullPolicy policy) throws RuntimeFailure {
            return runtime.ensureImage(image, policy);
        }

        @Override
        public List<ImageInfo> listImages() throws RuntimeFailure {
            return runtime.listImages();
        }

        @Override
        public String runPodSandbox(SandboxSpec spec) throws RuntimeFailure {
            try {
                return runtime.runPodSandbox(spec);
            } finally {
                invalidate();
            }
        }

        @Override
        public void stopPodSandbox(String sandboxId) throws RuntimeFailure {
            try {
                runtime.stopPodSandbox(sandboxId);
            } finally {
                invalidate();
            }
        }

        @Override
        public void removePodSandbox(String sandboxId) throws RuntimeFailure {
            try {
                runtime.removePodSandbox(sandboxId);
            } finally {
                invalidate();
            }
        }

        @Override
        public Optional<SandboxStatus> sandboxStatus(String sandboxId) throws RuntimeFailure {
            return runtime.sandboxStatus(sandboxId);
        }

        @Override
        public List<SandboxStatus> listSandboxes() throws RuntimeFailure {
            return sandboxes(runtime);
        }

        @Override
        public String createContainer(String sandboxId, ContainerSpec spec, SandboxSpec sandbox) throws RuntimeFailure {
            try {
                return runtime.createContainer(sandboxId, spec, sandbox);
            } finally {
                invalidate();
            }
        }

        @Override
        public void startContainer(String containerId) throws RuntimeFailure {
            try {
                runtime.startContainer(containerId);
            } finally {
                invalidate();
            }
        }

        @Override
        public void stopContainer(String containerId, Duration grace) throws RuntimeFailure {
            try {
                runtime.stopContainer(containerId, grace);
            } finally {
                invalidate();
            }
        }

        @Override
        public void removeContainer(String containerId) throws RuntimeFailure {
            try {
                runtime.removeContainer(containerId);
            } finally {
                invalidate();
            }
        }

        @Override
        public Optional<ContainerStatus> containerStatus(String containerId) throws RuntimeFailure {
            return runtime.containerStatus(containerId);
        }

        @Override
        public List<ContainerStatus> listContainers() throws RuntimeFailure {
            return containers(runtime);
        }

        @Override
        public LogChunk readLog(String containerId, long offset, int maxBytes) throws RuntimeFailure {
            return runtime.readLog(containerId, offset, maxBytes);
        }

        @Override
        public ExecResult exec(String containerId, List<String> command, Duration timeout) throws RuntimeFailure {
            return runtime.exec(containerId, command, timeout);
        }
    }
}
