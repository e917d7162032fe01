package io.kedge.devicedata;

import io.kedge.sqlite.DurableSqlite;
import io.kedge.sqlite.Migrations;
import io.kedge.sqlite.UnusableDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local time series: one SQLite table of readings, indexed by device, property and time.
 * Thread-safe (one connection, used under this object's lock): the writer batches readings into one
 * transaction; REST requests read.
 */
final class ReadingStore implements AutoCloseable {
    private static final Migrations SCHEMA = Migrations.of("device-data", List.of(List.of(
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO meta (name, value) VALUES ('schema_version', '0')",
            "CREATE TABLE readings (id INTEGER PRIMARY KEY AUTOINCREMENT, device TEXT NOT NULL,"
                    + " property TEXT NOT NULL, time INTEGER NOT NULL, value TEXT NOT NULL)",
            "CREATE INDEX readings_by_property ON readings (device, property, time)",
            "CREATE INDEX readings_by_time ON readings (time)")));

    private final Connection connection;
    private final Retention retention;

    private ReadingStore(Connection connection, Retention retention) {
        this.connection = connection;
        this.retention = retention;
    }

    static ReadingStore open(Path file, Retention retention) throws SQLException, UnusableDatabase {
        return new ReadingStore(DurableSqlite.open(file, 5_000, SCHEMA), retention);
    }

    /** Keeps the readings in one transaction: all or none. */
    synchronized void add(List<StoredReading> readings) throws SQLException {
        if (readings.isEmpty()) {
            return;
        }
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO readings (device, property, time, value) VALUES (?, ?, ?, ?)")) {
            for (StoredReading reading : readings) {
                insert.setString(1, reading.deviceId());
                insert.setString(2, reading.property());
                insert.setLong(3, reading.time());
                insert.setString(4, reading.value());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The newest reading of a property (by reading time; the later stored on a tie). */
    synchronized Optional<StoredReading> latest(String deviceId, String property) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT time, value FROM readings WHERE device = ? AND property = ? ORDER BY time DESC, id DESC LIMIT 1")) {
            query.setString(1, deviceId);
            query.setString(2, property);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(new StoredReading(deviceId, property, row.getString(2), row.getLong(1)))
                        : Optional.empty();
            }
        }
    }

    /** Readings of a property taken at or after {@code since}, oldest first, at most {@code limit}. */
    synchronized List<StoredReading> history(String deviceId, String property, long since, int limit) throws SQLException {
        List<StoredReading> out = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT time, value FROM readings"
                + " WHERE device = ? AND property = ? AND time >= ? ORDER BY time, id LIMIT ?")) {
            query.setString(1, deviceId);
            query.setString(2, property);
            query.setLong(3, since);
            query.setInt(4, limit);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    out.add(new StoredReading(deviceId, property, row.getString(2), row.getLong(1)));
                }
            }
        }
        return out;
    }

    /** Whether any reading of the device is held. */
    synchronized boolean knows(String deviceId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM readings WHERE device = ? LIMIT 1")) {
            query.setString(1, deviceId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * Drops what retention does not keep: readings older than the age bound, then the oldest beyond
     * the row bound.
     *
     * @return how many rows went
     */
    synchronized int prune(long nowMillis) throws SQLException {
        int removed;
        try (PreparedStatement old = connection.prepareStatement("DELETE FROM readings WHERE time < ?")) {
            old.setLong(1, nowMillis - retention.maxAge().toMillis());
            removed = old.executeUpdate();
        }
        long excess = count() - retention.maxRows();
        if (excess > 0) {
            try (PreparedStatement oldest = connection.prepareStatement(
                    "DELETE FROM readings WHERE id IN (SELECT id FROM readings ORDER BY time, id LIMIT ?)")) {
                oldest.setLong(1, excess);
                removed += oldest.executeUpdate();
            }
        }
        return removed;
    }

    synchronized long count() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM readings");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing is pending: every write committed or rolled back
        }
    }
}
