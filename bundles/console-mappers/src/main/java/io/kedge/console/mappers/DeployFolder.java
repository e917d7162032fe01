package io.kedge.console.mappers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The node's deploy folder, watched by FileInstall: a jar written there is installed, a jar replaced
 * is updated, a jar deleted is uninstalled. Writes are atomic (a temporary file beside the folder,
 * then a rename) so FileInstall never reads half a jar.
 */
record DeployFolder(Path folder) {
    /** FileInstall's watched folders, comma-separated; the launcher sets {@code DIR/etc,DIR/deploy}. */
    static final String WATCHED = "felix.fileinstall.dir";

    DeployFolder {
        folder = folder.toAbsolutePath().normalize();
    }

    /**
     * The watched folder named {@code deploy}; else the only watched folder; else none (a node
     * without FileInstall, or one whose folders are ambiguous: the page then installs nothing).
     */
    static Optional<DeployFolder> fromWatched(String watched) {
        if (watched == null) {
            return Optional.empty();
        }
        List<Path> folders = Arrays.stream(watched.split(",")).map(String::trim).filter(dir -> !dir.isEmpty())
                .map(Path::of).toList();
        Optional<Path> deploy = folders.stream().filter(dir -> dir.getFileName() != null
                && dir.getFileName().toString().equals("deploy")).findFirst();
        return deploy.or(() -> folders.size() == 1 ? Optional.of(folders.get(0)) : Optional.empty())
                .map(DeployFolder::new);
    }

    /** The file a bundle location names when it lies right in this folder; empty for bundles from elsewhere. */
    Optional<Path> fileOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return folder.equals(file.getParent()) ? Optional.of(file) : Optional.empty();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A new bundle's file: its symbolic name (already checked to be a plain name) and {@code .jar}. */
    Path newFileFor(String symbolicName) {
        return folder.resolve(symbolicName + ".jar");
    }

    /** Writes {@code jar} to {@code target} (a file of this folder) in one rename. */
    void write(Path target, byte[] jar) throws IOException {
        Files.createDirectories(folder);
        Path parent = folder.getParent() != null ? folder.getParent() : folder;
        Path part = Files.createTempFile(parent, ".kedge-mapper-upload-", ".part");
        try {
            Files.write(part, jar);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public String toString() {
        return folder.toString();
    }
}
