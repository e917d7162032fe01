package io.kedge.edged.volume;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a volume's files the way the kubelet does, so a running container never sees half an
 * update: the files go into a fresh {@code ..<timestamp>} folder, then the {@code ..data} symlink is
 * swapped to it by one rename, and the visible entries are symlinks through {@code ..data}. A path
 * opened by name before an update reads the new content after it.
 */
final class AtomicWriter {
    static final String DATA = "..data";
    private static final String DATA_TMP = "..data_tmp";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");

    private AtomicWriter() {
    }

    /** Writes {@code payload} under {@code dir} unless it already holds exactly that; returns whether it wrote. */
    static boolean write(Path dir, Payload payload) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve(DATA);
        if (Files.isSymbolicLink(data)) {
            Path current = dir.resolve(Files.readSymbolicLink(data));
            if (Files.isDirectory(current) && holds(current, payload)) {
                return false;
            }
        }
        String stamp = ".." + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + ".";
        Path fresh = Files.createTempDirectory(dir, stamp);
        setMode(fresh, 0755);
        for (Map.Entry<String, Payload.File> file : payload.files().entrySet()) {
            Path target = fresh.resolve(file.getKey());
            createParents(fresh, target.getParent());
            Files.write(target, file.getValue().bytes());
            setMode(target, file.getValue().mode());
        }
        Path link = dir.resolve(DATA_TMP);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, fresh.getFileName());
        Files.move(link, data, StandardCopyOption.ATOMIC_MOVE);
        linkVisibleEntries(dir, payload.topLevelNames());
        removeStale(dir, fresh.getFileName().toString(), payload.topLevelNames());
        return true;
    }

    /** Deletes {@code path} and everything under it, never following a symlink out. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) throws IOException {
                // a folder the pod made read-only still has to go
                setMode(folder, 0755);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean holds(Path current, Payload payload) throws IOException {
        Map<String, Path> found = new HashMap<>();
        try (Stream<Path> files = Files.walk(current)) {
            files.filter(Files::isRegularFile).forEach(file -> found.put(
                    current.relativize(file).toString(), file));
        }
        if (!found.keySet().equals(payload.files().keySet())) {
            return false;
        }
        for (Map.Entry<String, Payload.File> file : payload.files().entrySet()) {
            Path held = found.get(file.getKey());
            if (mode(held) != -1 && mode(held) != file.getValue().mode() || !sameBytes(held, file.getValue().bytes())) {
                return false;
            }
        }
        return true;
    }

    /** A file whose mode keeps its owner from reading it (e.g. 0200) counts as changed: it is rewritten. */
    private static boolean sameBytes(Path held, byte[] bytes) throws IOException {
        try {
            return Arrays.equals(Files.readAllBytes(held), bytes);
        } catch (java.nio.file.AccessDeniedException unreadable) {
            return false;
        }
    }

    private static void linkVisibleEntries(Path dir, Set<String> names) throws IOException {
        for (String name : names) {
            Path entry = dir.resolve(name);
            if (!Files.isSymbolicLink(entry)) {
                if (Files.exists(entry)) {
                    deleteTree(entry);
                }
                Files.createSymbolicLink(entry, Path.of(DATA, name));
            }
        }
    }

    /** Visible links the payload no longer has, and every timestamped folder but the fresh one. */
    private static void removeStale(Path dir, String fresh, Set<String> names) throws IOException {
        Set<String> keep = new HashSet<>(names);
        keep.add(DATA);
        keep.add(fresh);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!keep.contains(name)) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static void createParents(Path root, Path folder) throws IOException {
        if (folder == null || folder.equals(root) || Files.isDirectory(folder)) {
            return;
        }
        createParents(root, folder.getParent());
        Files.createDirectory(folder);
        setMode(folder, 0755);
    }

    static void setMode(Path path, int mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (view != null && !Files.isSymbolicLink(path)) {
            view.setPermissions(permissions(mode));
        }
    }

    private static int mode(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return -1;
        }
        int mode = 0;
        for (PosixFilePermission permission : view.readAttributes().permissions()) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = new HashSet<>();
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
                set.add(permission);
            }
        }
        return set;
    }

    static String describe(int mode) {
        return PosixFilePermissions.toString(permissions(mode));
    }
}
