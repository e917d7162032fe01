package io.kedge.runtime.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One container to create, with everything already resolved by Edged: env values read from
 * configMaps and secrets, volumes materialised as host paths.
 *
 * @param name        the container's name in the pod
 * @param attempt     its restart count: 0 for the first run
 * @param image       the image as the pod names it
 * @param command     the entrypoint (pod's {@code command}); empty keeps the image's
 * @param args        the arguments (pod's {@code args}); empty keeps the image's
 * @param env         environment, in the pod's order (later entries win)
 * @param workingDir  empty keeps the image's
 * @param mounts      host paths to mount
 * @param resources   CPU and memory limits
 * @param labels      labels the runtime keeps and returns in {@link ContainerStatus}
 * @param annotations annotations the runtime keeps
 * @param logPath     the log file, relative to the sandbox's log directory
 */
public record ContainerSpec(String name, int attempt, String image, List<String> command, List<String> args,
        List<EnvVar> env, String workingDir, List<Mount> mounts, Resources resources, Map<String, String> labels,
        Map<String, String> annotations, String logPath) {

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        mounts = List.copyOf(mounts);
        resources = resources == null ? Resources.NONE : resources;
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public record EnvVar(String name, String value) {
        public EnvVar {
            Objects.requireNonNull(name, "name");
            value = value == null ? "" : value;
        }
    }

    /**
     * A host path mounted into the container.
     *
     * @param containerPath where it appears in the container (absolute)
     * @param hostPath      the file or folder on the node
     * @param readOnly      mounted read-only
     */
    public record Mount(String containerPath, String hostPath, boolean readOnly) {
        public Mount {
            Objects.requireNonNull(containerPath, "containerPath");
            Objects.requireNonNull(hostPath, "hostPath");
        }
    }

    /**
     * Limits; 0 means none.
     *
     * @param cpuMillis      limits.cpu in millicores
     * @param memoryBytes    limits.memory in bytes
     * @param cpuRequestMillis requests.cpu in millicores (CPU shares)
     */
    public record Resources(long cpuMillis, long memoryBytes, long cpuRequestMillis) {
        public static final Resources NONE = new Resources(0, 0, 0);
    }
}
