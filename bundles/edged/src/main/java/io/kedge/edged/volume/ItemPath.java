package io.kedge.edged.volume;

import io.kedge.edged.pod.PodSpecException;

/** A file path inside a volume, as items and keys give it: relative, no {@code ..}, not hidden behind {@code ..data}. */
final class ItemPath {

    private ItemPath() {
    }

    static String check(String path, String what) throws PodSpecException {
        if (path.isEmpty() || path.startsWith("/") || path.startsWith("..") || path.indexOf('\0') >= 0
                || path.length() > 4096) {
            throw invalid(path, what);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.isEmpty() || segment.equals(".")) {
                throw invalid(path, what);
            }
        }
        try {
            // the node's file name encoding may not hold every character a key can
            java.nio.file.Path.of(path);
        } catch (java.nio.file.InvalidPathException unusable) {
            throw new PodSpecException(PodSpecException.INVALID_SPEC,
                    what + ": path \"" + path + "\" is not a usable file name on this node");
        }
        return path;
    }

    private static PodSpecException invalid(String path, String what) {
        return new PodSpecException(PodSpecException.INVALID_SPEC,
                what + ": path \"" + path + "\" must be relative, without '..' and must not start with '..'");
    }
}
