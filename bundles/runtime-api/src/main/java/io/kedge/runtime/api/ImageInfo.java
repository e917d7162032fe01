package io.kedge.runtime.api;

import java.util.List;
import java.util.Objects;

/**
 * An image the runtime holds.
 *
 * @param id        the runtime's id (e.g. {@code sha256:...}); what a container status shows as imageID
 * @param names     the names it is known by (repo tags and digests)
 * @param sizeBytes its size, 0 when unknown
 */
public record ImageInfo(String id, List<String> names, long sizeBytes) {
    public ImageInfo {
        Objects.requireNonNull(id, "id");
        names = List.copyOf(names);
    }
}
