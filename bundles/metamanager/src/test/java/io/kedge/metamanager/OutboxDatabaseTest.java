package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ProtocolException;
import io.kedge.sqlite.SqliteFailures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox file itself: real SQLite, real files, a real crashing process. */
class OutboxDatabaseTest {
    private static final long GENEROUS = 64L * 1024 * 1024;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(OutboxDatabase.FILE);
    }

    @Test
    void aKeyedPutReplacesThePendingEntryAndDeletingTheOldSeqLeavesTheNewOne() throws Exception {
        try (OutboxDatabase database = OutboxDatabase.open(file(), 1_000, GENEROUS)) {
            OutboxDatabase.Stored first = database.put("pod-a", "v1");
            OutboxDatabase.Stored event = database.put(null, "event");
            OutboxDatabase.Stored second = database.put("pod-a", "v2");
            OutboxDatabase.Stored unkeyed = database.put(null, "event");

            assertThat(first.coalesced()).isFalse();
            assertThat(second.coalesced()).isTrue();
            assertThat(unkeyed.coalesced()).as("a null key never replaces").isFalse();
            assertThat(database.oldest(10)).extracting(OutboxDatabase.Entry::message)
                    .containsExactly("event", "v2", "event");

            database.delete(first.seq()); // the cloud's late ack of v1
            assertThat(database.oldest(10)).extracting(OutboxDatabase.Entry::seq)
                    .containsExactly(event.seq(), second.seq(), unkeyed.seq());
        }
    }

    @Test
    void aSeqIsNeverReusedEvenAfterTheNewestEntryWasDeletedAndTheFileReopened() throws Exception {
        long deleted;
        try (OutboxDatabase database = OutboxDatabase.open(file(), 1_000, GENEROUS)) {
            deleted = database.put("pod-a", "v1").seq();
            database.delete(deleted);
        }
        try (OutboxDatabase database = OutboxDatabase.open(file(), 1_000, GENEROUS)) {
            assertThat(database.put("pod-a", "v2").seq()).isGreaterThan(deleted);
        }
    }

    @Test
    void whatPutReturnedSurvivesAProcessKilledInTheMiddleOfItsWrites() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), OutboxCrashChild.class.getName(),
                file().toString()).redirectErrorStream(true).start();
        int acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < 200 && (line = out.readLine()) != null) {
                if (line.startsWith("kept ")) {
                    acknowledged = Integer.parseInt(line.substring(5));
                }
            }
            child.destroyForcibly(); // SIGKILL while it keeps writing: no close, no shutdown hook
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).as("puts the child reported").isEqualTo(200);

        try (OutboxDatabase database = OutboxDatabase.open(file(), 1_000, GENEROUS)) {
            List<String> reports = database.oldest(100_000).stream()
                    .map(entry -> reportIn(entry.message())).toList();
            assertThat(reports.size()).as("every put that returned, maybe a few more").isGreaterThanOrEqualTo(200);
            for (int i = 0; i < reports.size(); i++) {
                assertThat(reports.get(i)).isEqualTo("report " + (i + 1));
            }
        }
    }

    @Test
    void aFullOutboxRefusesThePutAndKeepsNothingOfIt() throws Exception {
        String report = "x".repeat(100_000);
        int kept = 0;
        try (OutboxDatabase database = OutboxDatabase.open(file(), 1_000, 1024 * 1024)) {
            SQLException full = null;
            while (full == null && kept < 100) {
                try {
                    database.put(null, report + kept);
                    kept++;
                } catch (SQLException e) {
                    full = e;
                }
            }
            assertThat((Throwable) full).as("a 1 MB outbox refuses the 11th 100 kB report at the latest").isNotNull();
            assertThat(SqliteFailures.isFull(full)).as(full.getMessage()).isTrue();
            assertThat(kept).isBetween(5, 10);
            assertThat(database.depth()).isEqualTo(kept);

            // Space comes back as the cloud acknowledges.
            database.delete(database.oldest(1).get(0).seq());
            database.put(null, "small");
        }
        try (OutboxDatabase database = OutboxDatabase.open(file(), 1_000, 1024 * 1024)) {
            assertThat(database.depth()).isEqualTo(kept);
            assertThat(database.oldest(100)).extracting(OutboxDatabase.Entry::message).last().isEqualTo("small");
        }
    }

    @Test
    void aFailingWriteKeepsThePendingValueOfTheKey() throws Exception {
        try (OutboxDatabase database = OutboxDatabase.open(file(), 1_000, GENEROUS)) {
            database.put("pod-a", "v1");
            try (Connection other = StoreFailureTest.connect(file()); Statement statement = other.createStatement()) {
                statement.executeUpdate("CREATE TRIGGER failing BEFORE INSERT ON outbox "
                        + "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
            }

            assertThatThrownBy(() -> database.put("pod-a", "v2")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("disk I/O error");
            assertThat(database.oldest(10)).extracting(OutboxDatabase.Entry::message)
                    .as("the replacement failed as a whole: v1 is still there").containsExactly("v1");
        }
    }

    @Test
    void anUnreadableFileIsMovedAsideAndANewOutboxStarts() throws Exception {
        byte[] garbage = "not an outbox; ".repeat(500).getBytes(StandardCharsets.US_ASCII);
        Files.write(file(), garbage);

        try (OutboxDatabase database = OutboxDatabase.open(file(), 1_000, GENEROUS)) {
            database.put("pod-a", "v1");
            assertThat(database.depth()).isEqualTo(1);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("outbox.db.corrupt-")
                    && !p.getFileName().toString().endsWith("-wal") && !p.getFileName().toString().endsWith("-shm"))
                    .toList();
            assertThat(aside).hasSize(1);
            assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(garbage);
        }
    }

    @Test
    void aMissingDirectoryIsCreatedButAFileInItsPlaceFails() throws Exception {
        try (OutboxDatabase database = OutboxDatabase.open(dir.resolve("fresh/data").resolve(OutboxDatabase.FILE),
                1_000, GENEROUS)) {
            assertThat(database.depth()).isZero();
        }
        Path notADirectory = Files.writeString(dir.resolve("blocker"), "x");
        assertThatThrownBy(() -> OutboxDatabase.open(notADirectory.resolve(OutboxDatabase.FILE), 1_000, GENEROUS))
                .isInstanceOf(java.io.IOException.class);
    }

    private static String reportIn(String stored) {
        try {
            return new MessageCodec().decode(stored).content().asText();
        } catch (ProtocolException e) {
            throw new AssertionError("unreadable entry " + stored, e);
        }
    }
}
