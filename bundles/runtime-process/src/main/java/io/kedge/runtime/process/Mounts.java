package io.kedge.runtime.process;

import io.kedge.runtime.api.ContainerSpec.Mount;
import io.kedge.runtime.api.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A host process cannot bind-mount: each mount becomes a symlink {@code ROOT/<containerPath> →
 * hostPath} inside the container's own folder, and the process finds it through {@code KEDGE_ROOT}.
 * Nothing is written outside the data folder; read-only is not enforced.
 */
final class Mounts {

    private Mounts() {
    }

    static void materialise(Path root, List<Mount> mounts) throws RuntimeFailure, IOException {
        for (Mount mount : mounts) {
            Path hostPath = Path.of(mount.hostPath());
            if (!Files.exists(hostPath)) {
                throw new RuntimeFailure(RuntimeFailure.CREATE_CONTAINER, "mount source " + hostPath + " does not exist");
            }
            Path link = root.resolve(mount.containerPath().replaceFirst("^/+", "")).normalize();
            if (!link.startsWith(root) || link.equals(root)) {
                throw new RuntimeFailure(RuntimeFailure.CREATE_CONTAINER, "mount path '" + mount.containerPath()
                        + "' must name a path below /");
            }
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, hostPath.toAbsolutePath());
        }
    }
}
