package io.kedge.deployfolder;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** FileInstall's watched folders ({@code felix.fileinstall.dir}: comma-separated), e.g. {@code DIR/etc,DIR/deploy}. */
record WatchedFolders(List<Path> folders) {
    static final String PROPERTY = "felix.fileinstall.dir";

    static WatchedFolders parse(String watched) {
        if (watched == null || watched.isBlank()) {
            return new WatchedFolders(List.of());
        }
        return new WatchedFolders(Arrays.stream(watched.split(",")).map(String::trim).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir).toAbsolutePath().normalize()).toList());
    }

    /** The file a bundle location names when it lies in a watched folder; empty for bundles from elsewhere. */
    Optional<Path> fileOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return folders.contains(file.getParent()) ? Optional.of(file) : Optional.empty();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return folders.toString();
    }
}
