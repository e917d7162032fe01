package io.kedge.devicetwin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** twin.db is opened with MetaManager's rules: an unusable file is moved aside, never deleted. */
class TwinStoreTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatIsNoDatabaseIsMovedAsideAndANewOneStarted() throws Exception {
        Path file = dir.resolve("twin.db");
        Files.writeString(file, "this is not SQLite ".repeat(100));

        try (TwinStore store = TwinStore.open(file, 1_000)) {
            assertThat(store.loadDevices()).isEmpty();
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("twin.db.corrupt-"));
        }
    }

    @Test
    void aRowThatIsNotReadableMakesTheFileUnusableToo() throws Exception {
        Path file = dir.resolve("twin.db");
        try (TwinStore store = TwinStore.open(file, 1_000)) {
            store.save(new Device("a/b", "b", "", "", "", null, null), List.of());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE devices SET device = '{not json'");
        }

        try (TwinStore store = TwinStore.open(file, 1_000)) {
            assertThat(store.loadDevices()).isEmpty();
        }
    }
}
