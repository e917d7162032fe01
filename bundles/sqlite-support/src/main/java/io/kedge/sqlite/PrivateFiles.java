package io.kedge.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The node's databases hold Secrets in plain text: their folder is 0700 and every file 0600,
 * whatever the process umask and whoever created them before. SQLite gives the {@code -wal} and
 * {@code -shm} files it creates the main file's permissions, so the main file is made private first.
 * On a file system without POSIX permissions nothing is changed.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final String[] COMPANIONS = {"-wal", "-shm", "-journal"};

    private PrivateFiles() {
    }

    /**
     * Creates {@code directory} (and missing parents) 0700, or takes group and other access away from
     * an existing one, unless others may write it (a shared folder such as /tmp is left as it is).
     */
    public static void directory(Path directory) throws IOException {
        if (!posix(directory)) {
            Files.createDirectories(directory);
            return;
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, attribute(DIRECTORY));
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(directory);
        if (!now.contains(PosixFilePermission.OTHERS_WRITE) && !now.equals(DIRECTORY)) {
            Files.setPosixFilePermissions(directory, DIRECTORY);
        }
    }

    /** Creates the database {@code file} 0600 when absent, and makes it and its companions 0600 when present. */
    public static void database(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException present) {
            restrict(file);
        }
        companions(file);
    }

    /** Makes the {@code -wal}, {@code -shm} and {@code -journal} files of {@code file} that exist 0600. */
    public static void companions(Path file) throws IOException {
        for (String companion : COMPANIONS) {
            Path path = file.resolveSibling(file.getFileName() + companion);
            if (Files.exists(path)) {
                restrict(path);
            }
        }
    }

    /** Makes an existing file 0600 (when the file system has POSIX permissions). */
    public static void restrict(Path file) throws IOException {
        if (posix(file) && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
