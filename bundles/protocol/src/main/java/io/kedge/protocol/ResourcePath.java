package io.kedge.protocol;

import java.util.Objects;

/**
 * A resource path {@code namespace/type/name}. The name may itself contain slashes (KubeEdge uses
 * paths such as {@code node/{node}/...} for some resources), so only the first two separators count.
 */
public record ResourcePath(String namespace, String type, String name) {

    public ResourcePath {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    public static ResourcePath of(String namespace, String type, String name) {
        return new ResourcePath(namespace, type, name);
    }

    /** Parses a resource string; throws {@link ProtocolException} when it has fewer than three parts. */
    public static ResourcePath parse(String resource) throws ProtocolException {
        String[] parts = resource == null ? new String[0] : resource.split("/", 3);
        if (parts.length < 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new ProtocolException(ProtocolException.Reason.BAD_RESOURCE,
                    "resource must be namespace/type/name, got '" + resource + "'");
        }
        return new ResourcePath(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return namespace + "/" + type + "/" + name;
    }
}
