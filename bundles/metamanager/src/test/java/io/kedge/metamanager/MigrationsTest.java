package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.sqlite.Migrations;
import io.kedge.sqlite.UnusableDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyFileGetsTheWholeSchemaAndAReopenAppliesNothing() throws Exception {
        Path file = Files.createFile(dir.resolve("meta.db"));
        Migrations migrations = Schemas.objectStore();

        try (Connection connection = StoreFailureTest.connect(file)) {
            assertThat(migrations.apply(connection)).isZero();
            assertThat(Migrations.schemaVersion(connection)).isEqualTo(migrations.latest());
            assertThat(migrations.apply(connection)).isEqualTo(migrations.latest());
        }
        try (MetaDatabase database = MetaDatabase.open(file, 1_000)) {
            assertThat(database.load()).isEqualTo(new MetaDatabase.Content(java.util.List.of(), 0));
        }
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        Path file = dir.resolve("meta.db");
        MetaDatabase.open(file, 1_000).close();
        try (Connection connection = StoreFailureTest.connect(file); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE meta SET value = '2000' WHERE name = 'schema_version'");
        }

        assertThatThrownBy(() -> MetaDatabase.open(file, 1_000)).isInstanceOf(UnusableDatabase.class)
                .hasMessageContaining("newer");
    }
}
