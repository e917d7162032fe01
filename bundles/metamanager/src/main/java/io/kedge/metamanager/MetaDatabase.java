package io.kedge.metamanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.api.meta.MetaObject;
import io.kedge.sqlite.DurableSqlite;
import io.kedge.sqlite.SqliteFailures;
import io.kedge.sqlite.UnusableDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQLite file behind the store: one row per object plus the store revision. WAL lets readers
 * (a backup, the console) look while we write. synchronous=FULL because a change is acknowledged to
 * the cloud right after its commit and never sent again: with NORMAL a power cut could lose commits
 * that were already acknowledged, and the node would run without them until the next inventory diff.
 */
final class MetaDatabase implements AutoCloseable {

    /** What {@link #open} found in the file. */
    record Content(List<MetaObject> objects, long revision) {
    }

    private final Connection connection;
    private final ObjectMapper json = new ObjectMapper();

    private MetaDatabase(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (creating when absent) and migrates the file.
     *
     * @throws UnusableDatabase when the file holds something that is not our database
     * @throws SQLException     when the file cannot be opened or read (missing directory, I/O error)
     */
    static MetaDatabase open(Path file, int busyTimeoutMillis) throws SQLException, UnusableDatabase {
        return new MetaDatabase(DurableSqlite.open(file, busyTimeoutMillis, Schemas.objectStore()));
    }

    /** Everything stored, in key order. */
    Content load() throws SQLException, UnusableDatabase {
        List<MetaObject> objects = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT namespace, type, name, uid, resource_version, json FROM objects ORDER BY key")) {
            while (rows.next()) {
                objects.add(new MetaObject(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), json.readTree(rows.getString(6))));
            }
            return new Content(objects, readRevision());
        } catch (JsonProcessingException e) {
            throw new UnusableDatabase("a stored object is not JSON: " + e.getOriginalMessage(), e);
        } catch (SQLException e) {
            if (SqliteFailures.isCorruption(e)) {
                throw new UnusableDatabase("it is corrupt: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Writes the current state of {@code changed} keys (null value = deleted) and the revision, atomically. */
    void write(Map<String, MetaObject> changed, long revision) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO objects (key, namespace, type, name, uid, resource_version, json)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET namespace = excluded.namespace, type = excluded.type,
                    name = excluded.name, uid = excluded.uid, resource_version = excluded.resource_version,
                    json = excluded.json""");
                PreparedStatement delete = connection.prepareStatement("DELETE FROM objects WHERE key = ?");
                PreparedStatement setRevision = connection.prepareStatement(
                        "UPDATE meta SET value = ? WHERE name = 'revision'")) {
            for (Map.Entry<String, MetaObject> change : changed.entrySet()) {
                MetaObject object = change.getValue();
                if (object == null) {
                    delete.setString(1, change.getKey());
                    delete.executeUpdate();
                } else {
                    upsert.setString(1, change.getKey());
                    upsert.setString(2, object.namespace());
                    upsert.setString(3, object.type());
                    upsert.setString(4, object.name());
                    upsert.setString(5, object.uid());
                    upsert.setString(6, object.resourceVersion());
                    upsert.setString(7, object.object().toString());
                    upsert.executeUpdate();
                }
            }
            setRevision.setString(1, Long.toString(revision));
            setRevision.executeUpdate();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the next write sets it again, or fails and reports
            }
        }
    }

    private long readRevision() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT value FROM meta WHERE name = 'revision'")) {
            return row.next() ? Long.parseLong(row.getString(1)) : 0;
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone with the failure
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing left to save
            }
        }
    }
}
