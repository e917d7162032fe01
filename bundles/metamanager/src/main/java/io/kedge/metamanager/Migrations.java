package io.kedge.metamanager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A database schema as numbered steps. A database records the last step it has (in its {@code meta}
 * table, which every step 1 creates); opening it applies the missing ones in one transaction, so a
 * crash mid-way leaves the old schema intact. Never edit a released step: add the next one.
 */
final class Migrations {

    /** {@code meta.db}: the objects the cloud sent and the store revision. */
    static Migrations objectStore() {
        return new Migrations("MetaManager", List.of(
                /* 1 */ List.of(
                        """
                        CREATE TABLE objects (
                            key TEXT PRIMARY KEY,
                            namespace TEXT NOT NULL,
                            type TEXT NOT NULL,
                            name TEXT NOT NULL,
                            uid TEXT NOT NULL,
                            resource_version TEXT NOT NULL,
                            json TEXT NOT NULL)""",
                        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                        "INSERT INTO meta (name, value) VALUES ('revision', '0')",
                        "INSERT INTO meta (name, value) VALUES ('schema_version', '0')")));
    }

    /**
     * {@code outbox.db}: messages for the cloud, oldest {@code seq} first. At most one row per
     * non-null key (the latest value); {@code AUTOINCREMENT} so that a seq is never reused, not even
     * after the newest row was deleted: an ack for an old seq must never hit a newer message.
     */
    static Migrations outbox() {
        return new Migrations("the outbox", List.of(
                /* 1 */ List.of(
                        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                        "INSERT INTO meta (name, value) VALUES ('schema_version', '0')",
                        """
                        CREATE TABLE outbox (
                            seq INTEGER PRIMARY KEY AUTOINCREMENT,
                            key TEXT UNIQUE,
                            message TEXT NOT NULL)""")));
    }

    private final String owner;
    private final List<List<String>> steps;

    private Migrations(String owner, List<List<String>> steps) {
        this.owner = owner;
        this.steps = steps;
    }

    int latest() {
        return steps.size();
    }

    /** Brings the schema to {@link #latest()}; returns the version the database had before. */
    int apply(Connection connection) throws SQLException, UnusableDatabase {
        int current = schemaVersion(connection);
        if (current > latest()) {
            throw new UnusableDatabase("its schema version " + current + " is newer than " + owner + " knows ("
                    + latest() + ")", null);
        }
        if (current == latest()) {
            return current;
        }
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (int step = current + 1; step <= latest(); step++) {
                for (String sql : steps.get(step - 1)) {
                    statement.executeUpdate(sql);
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE meta SET value = ? WHERE name = 'schema_version'")) {
                update.setString(1, Integer.toString(latest()));
                update.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return current;
    }

    static int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet table = statement.executeQuery(
                        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) {
            if (!table.next()) {
                return 0;
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT value FROM meta WHERE name = 'schema_version'")) {
            return row.next() ? Integer.parseInt(row.getString(1)) : 0;
        }
    }
}
