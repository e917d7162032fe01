package io.kedge.metamanager;

import static io.kedge.metamanager.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.meta.MetaObject;
import io.kedge.metamanager.ObjectStore.Outcome;
import io.kedge.metamanager.ObjectStore.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** What the store does when its file is corrupt, cannot be opened, or refuses writes. */
class StoreFailureTest {
    @TempDir
    Path dir;

    TestObjects.RecordingSink sink = new TestObjects.RecordingSink();

    ObjectStore open(Path file) {
        return new ObjectStore(file, 200, Duration.ofSeconds(10), sink);
    }

    @Test
    void aCorruptFileIsMovedAsideAndAFreshOneIsUsed() throws IOException {
        Path file = dir.resolve("meta.db");
        byte[] garbage = "this is not an SQLite database at all; ".repeat(300).getBytes(StandardCharsets.US_ASCII);
        Files.write(file, garbage);

        try (ObjectStore store = open(file)) {
            assertThat(store.list("pod", null)).isEmpty();
            assertThat(store.apply(pod("ns", "a", "u1", "1"))).isEqualTo(new Result(Outcome.APPLIED, true));
        }

        List<Path> aside = corruptCopies();
        assertThat(aside).hasSize(1);
        assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(garbage);
        try (ObjectStore store = open(file)) {
            assertThat(store.get("ns", "pod", "a")).isPresent();
        }
    }

    @Test
    void damagedPagesInsideAValidFileAreFoundAtOpen() throws IOException {
        Path file = dir.resolve("meta.db");
        try (ObjectStore store = open(file)) {
            for (int i = 0; i < 300; i++) {
                store.apply(pod("ns", "pod-" + i, "u" + i, "1"));
            }
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            byte[] noise = new byte[16_384];
            new java.util.Random(7).nextBytes(noise);
            channel.write(java.nio.ByteBuffer.wrap(noise), 8_192);
        }

        try (ObjectStore store = open(file)) {
            assertThat(store.list("pod", null)).isEmpty();
            assertThat(store.apply(pod("ns", "a", "u1", "1")).durable()).isTrue();
        }
        assertThat(corruptCopies()).hasSize(1);
    }

    @Test
    void aDatabaseOfANewerSchemaIsKeptAsideNotOverwritten() throws Exception {
        Path file = dir.resolve("meta.db");
        open(file).close();
        try (Connection connection = connect(file); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE meta SET value = '99' WHERE name = 'schema_version'");
        }

        try (ObjectStore store = open(file)) {
            assertThat(store.apply(pod("ns", "a", "u1", "1")).durable()).isTrue();
        }

        assertThat(corruptCopies()).hasSize(1);
    }

    @Test
    void whenTheFileCannotBeOpenedChangesStayInMemoryUnacknowledgedUntilItCan() throws IOException {
        Path blocker = Files.writeString(dir.resolve("data"), "a regular file where a directory should be");
        Path file = blocker.resolve("meta.db");

        try (ObjectStore store = open(file)) {
            assertThat(store.apply(pod("ns", "a", "u1", "1"))).isEqualTo(new Result(Outcome.APPLIED, false));
            assertThat(store.get("ns", "pod", "a")).isPresent();
            assertThat(store.apply(pod("ns", "a", "u1", "1"))).isEqualTo(new Result(Outcome.DUPLICATE, false));

            store.retryPending();
            assertThat(store.pendingWrites()).isEqualTo(1);

            Files.delete(blocker);
            Files.createDirectory(blocker);
            store.retryPending();

            assertThat(store.pendingWrites()).isZero();
            assertThat(store.apply(pod("ns", "a", "u1", "1"))).isEqualTo(new Result(Outcome.DUPLICATE, true));
        }
        try (ObjectStore store = open(file)) {
            assertThat(store.get("ns", "pod", "a")).isPresent();
            assertThat(store.revision()).isEqualTo(1);
        }
    }

    @Test
    void aFailingWriteIsNotAcknowledgedAndIsRetriedWithoutLosingWhatWasStored() throws Exception {
        Path file = dir.resolve("meta.db");
        try (ObjectStore store = open(file)) {
            assertThat(store.apply(pod("ns", "stored", "u1", "1")).durable()).isTrue();

            try (Connection other = connect(file); Statement statement = other.createStatement()) {
                // Another process holds the write lock: every write of ours times out, like a dead disk.
                statement.execute("BEGIN EXCLUSIVE");
                statement.executeUpdate("UPDATE meta SET value = value WHERE name = 'revision'");

                assertThat(store.apply(pod("ns", "new", "u2", "1"))).isEqualTo(new Result(Outcome.APPLIED, false));
                assertThat(store.delete("ns/pod/stored", "")).isEqualTo(new Result(Outcome.APPLIED, false));
                assertThat(store.list("pod", "ns")).extracting(MetaObject::name).containsExactly("new");
                assertThat(store.apply(pod("ns", "new", "u2", "1"))).isEqualTo(new Result(Outcome.DUPLICATE, false));
                store.retryPending();
                assertThat(store.pendingWrites()).isEqualTo(2);

                statement.execute("ROLLBACK");
            }

            store.retryPending();
            assertThat(store.pendingWrites()).isZero();
            assertThat(store.apply(pod("ns", "new", "u2", "1"))).isEqualTo(new Result(Outcome.DUPLICATE, true));
        }
        try (ObjectStore store = open(file)) {
            assertThat(store.list("pod", "ns")).extracting(MetaObject::name).containsExactly("new");
            assertThat(store.revision()).isEqualTo(3);
        }
    }

    @Test
    void aDatabaseOpenedOnlyLaterKeepsWhatItStoredAndWhatMemoryChanged() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectory(data);
        try (ObjectStore store = open(data.resolve("meta.db"))) {
            store.apply(pod("ns", "from-disk", "u1", "4"));
            store.apply(pod("ns", "changed", "u2", "1"));
        }
        Path moved = Files.move(data, dir.resolve("elsewhere"));
        Files.writeString(data, "blocks the directory");

        try (ObjectStore store = open(data.resolve("meta.db"))) {
            store.apply(pod("ns", "changed", "u2", "2"));
            Files.delete(data);
            Files.move(moved, data);
            store.retryPending();

            assertThat(store.list("pod", "ns")).extracting(o -> o.name() + "@" + o.resourceVersion())
                    .containsExactly("changed@2", "from-disk@4");
            assertThat(store.pendingWrites()).isZero();
            assertThat(store.revision()).isEqualTo(3);
        }
    }

    List<Path> corruptCopies() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("meta\\.db\\.corrupt-[0-9-]+")).toList();
        }
    }

    static Connection connect(Path file) throws java.sql.SQLException {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        return source.getConnection();
    }
}
