package io.kedge.metamanager;

import static io.kedge.metamanager.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The databases hold Secrets in plain text: whatever the process umask (the test JVM's is usually
 * 022, which Java cannot change), the data folder ends 0700 and every database file 0600.
 */
class DatabasePermissionsTest {
    private static final String PRIVATE_FILE = "rw-------";
    private static final String PRIVATE_DIRECTORY = "rwx------";

    @TempDir
    Path temp;
    Path data;

    @BeforeEach
    void dataFolder() {
        data = temp.resolve("data");
    }

    @Test
    void aNewStoreIsCreatedInAPrivateFolderWithPrivateDatabaseAndWalFiles() throws Exception {
        Path file = data.resolve("meta.db");
        try (ObjectStore store = new ObjectStore(file, 1_000, Duration.ofSeconds(10), new TestObjects.RecordingSink())) {
            store.apply(pod("ns", "a", "u1", "1"));

            assertThat(permissions(data)).isEqualTo(PRIVATE_DIRECTORY);
            assertThat(Path.of(file + "-wal")).exists();
            assertThat(Path.of(file + "-shm")).exists();
            for (Path path : List.of(file, Path.of(file + "-wal"), Path.of(file + "-shm"))) {
                assertThat(permissions(path)).as(path.getFileName().toString()).isEqualTo(PRIVATE_FILE);
            }
        }
    }

    @Test
    void aNewOutboxHasPrivateDatabaseAndWalFiles() throws Exception {
        Path file = data.resolve(OutboxDatabase.FILE);
        try (OutboxDatabase outbox = OutboxDatabase.open(file, 1_000, 64L * 1024 * 1024)) {
            outbox.put("podstatus/ns/a", "{}");

            assertThat(permissions(data)).isEqualTo(PRIVATE_DIRECTORY);
            for (Path path : List.of(file, Path.of(file + "-wal"), Path.of(file + "-shm"))) {
                assertThat(permissions(path)).as(path.getFileName().toString()).isEqualTo(PRIVATE_FILE);
            }
        }
    }

    @Test
    void aWorldReadableStoreFromBeforeIsMadePrivateWhenOpened() throws Exception {
        Path file = data.resolve("meta.db");
        try (ObjectStore store = new ObjectStore(file, 1_000, Duration.ofSeconds(10), new TestObjects.RecordingSink())) {
            store.apply(pod("ns", "a", "u1", "1"));
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        try (ObjectStore store = new ObjectStore(file, 1_000, Duration.ofSeconds(10), new TestObjects.RecordingSink())) {
            assertThat(store.get("ns", "pod", "a")).isPresent();
            store.apply(pod("ns", "b", "u2", "1"));

            assertThat(permissions(data)).isEqualTo(PRIVATE_DIRECTORY);
            for (Path path : List.of(file, Path.of(file + "-wal"), Path.of(file + "-shm"))) {
                assertThat(permissions(path)).as(path.getFileName().toString()).isEqualTo(PRIVATE_FILE);
            }
        }
    }

    @Test
    void aCorruptFileMovedAsideIsMadePrivate() throws Exception {
        Files.createDirectories(data);
        Path file = data.resolve("meta.db");
        Files.write(file, "not a database; ".repeat(500).getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        try (ObjectStore store = new ObjectStore(file, 1_000, Duration.ofSeconds(10), new TestObjects.RecordingSink())) {
            store.apply(pod("ns", "a", "u1", "1"));
        }

        try (Stream<Path> files = Files.list(data)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("meta.db.corrupt-")).toList();
            assertThat(aside).hasSize(1);
            assertThat(permissions(aside.get(0))).isEqualTo(PRIVATE_FILE);
        }
        assertThat(permissions(file)).isEqualTo(PRIVATE_FILE);
    }

    @Test
    void aSharedFolderThatOthersMayWriteIsLeftAlone() throws Exception {
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));

        try (OutboxDatabase outbox = OutboxDatabase.open(data.resolve(OutboxDatabase.FILE), 1_000, 1 << 20)) {
            assertThat(permissions(data)).isEqualTo("rwxrwxrwx");
            assertThat(permissions(data.resolve(OutboxDatabase.FILE))).isEqualTo(PRIVATE_FILE);
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
