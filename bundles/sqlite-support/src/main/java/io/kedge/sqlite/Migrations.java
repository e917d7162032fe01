package io.kedge.sqlite;

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
public final class Migrations {

    /**
     * @param owner what the database belongs to, named in the error for a newer schema
     * @param steps the statements of each step, step 1 first; step 1 creates the {@code meta} table
     *              with a {@code schema_version} row
     */
    public static Migrations of(String owner, List<List<String>> steps) {
        return new Migrations(owner, List.copyOf(steps));
    }

    private final String owner;
    private final List<List<String>> steps;

    private Migrations(String owner, List<List<String>> steps) {
        this.owner = owner;
        this.steps = steps;
    }

    public int latest() {
        return steps.size();
    }

    /** Brings the schema to {@link #latest()}; returns the version the database had before. */
    public int apply(Connection connection) throws SQLException, UnusableDatabase {
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

    public static int schemaVersion(Connection connection) throws SQLException {
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
