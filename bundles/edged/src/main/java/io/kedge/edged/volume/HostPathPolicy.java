package io.kedge.edged.volume;

import io.kedge.edged.pod.PodSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which host paths a pod may mount: an allow-list of path prefixes from the node's configuration.
 * An empty list allows every path, as the kubelet does. A path with a {@code ..} segment is always
 * refused (Kubernetes' validation refuses it too). With a list, the path is compared after
 * resolving the symlinks of the part that exists, so {@code /allowed/link -> /etc} does not pass.
 */
public final class HostPathPolicy {
    private final List<Path> allowed;

    private HostPathPolicy(List<Path> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Absolute prefixes; blank entries are ignored, a relative one is a configuration mistake. */
    public static HostPathPolicy of(String[] prefixes) {
        List<Path> allowed = new ArrayList<>();
        for (String prefix : prefixes == null ? new String[0] : prefixes) {
            if (prefix == null || prefix.isBlank()) {
                continue;
            }
            Path path = Path.of(prefix.trim());
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("hostPath allow-list entry must be absolute: " + prefix);
            }
            allowed.add(path.normalize());
        }
        return new HostPathPolicy(allowed);
    }

    public boolean allowsAll() {
        return allowed.isEmpty();
    }

    /** @throws PodSpecException {@link PodSpecException#INVALID_SPEC} when the pod may not mount {@code path} */
    public void check(Path path) throws PodSpecException {
        if (!path.isAbsolute()) {
            throw refused(path, "it is not absolute");
        }
        for (Path segment : path) {
            if (segment.toString().equals("..")) {
                throw refused(path, "it contains '..'");
            }
        }
        if (allowed.isEmpty()) {
            return;
        }
        Path real = realPath(path.normalize());
        for (Path prefix : allowed) {
            if (real.startsWith(realPath(prefix))) {
                return;
            }
        }
        throw refused(path, "it is outside the node's allowed host paths " + allowed);
    }

    /** The path with the symlinks of its longest existing ancestor resolved. */
    static Path realPath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException | InvalidPathException unreadable) {
            return path;
        }
    }

    private static PodSpecException refused(Path path, String why) {
        return new PodSpecException(PodSpecException.INVALID_SPEC, "hostPath " + path + " is not allowed: " + why);
    }
}
