package io.kedge.metamanager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file behind the upstream outbox, apart from the object cache: the cache may be
 * rebuilt from the cloud at any time, what waits here exists nowhere else. Every write is committed
 * with {@code synchronous=FULL} before it returns. One connection, used under this object's lock.
 */
final class OutboxDatabase implements AutoCloseable {
    static final String FILE = "outbox.db";
    private static final int SCHEMA_VERSION = 1;

    /** One waiting message: {@code seq} orders them and identifies this very version of a key. */
    record Entry(long seq, String key, String message) {
    }

    /** What {@link #put} did: the new entry's seq, and whether it replaced a pending one of its key. */
    record Stored(long seq, boolean coalesced) {
    }

    private final Connection connection;

    private OutboxDatabase(Connection connection) {
        this.connection = connection;
    }

    static OutboxDatabase open(Path file, int busyTimeoutMillis) throws SQLException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(busyTimeoutMillis);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Connection connection = source.getConnection();
        try (Statement statement = connection.createStatement()) {
            int version;
            try (ResultSet row = statement.executeQuery("PRAGMA user_version")) {
                version = row.next() ? row.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new SQLException(file + " has outbox schema " + version + ", newer than this MetaManager knows");
            }
            if (version < 1) {
                statement.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS outbox (
                            seq INTEGER PRIMARY KEY AUTOINCREMENT,
                            key TEXT UNIQUE,
                            message TEXT NOT NULL)""");
                statement.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new OutboxDatabase(connection);
    }

    /** Appends; with a key, in the same transaction drops the pending entry of that key. */
    synchronized Stored put(String key, String message) throws SQLException {
        connection.setAutoCommit(false);
        try {
            int replaced = 0;
            if (key != null) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE key = ?")) {
                    delete.setString(1, key);
                    replaced = delete.executeUpdate();
                }
            }
            long seq;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO outbox (key, message) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, key);
                insert.setString(2, message);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    seq = keys.getLong(1);
                }
            }
            connection.commit();
            return new Stored(seq, replaced > 0);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Up to {@code limit} entries after {@code afterSeq}, oldest first. */
    synchronized List<Entry> after(long afterSeq, int limit) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, key, message FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
            select.setLong(1, afterSeq);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return entries;
    }

    /** @return false when the entry is gone already (replaced by a newer one of its key) */
    synchronized boolean delete(long seq) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
            delete.setLong(1, seq);
            return delete.executeUpdate() > 0;
        }
    }

    synchronized boolean contains(long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM outbox WHERE seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    synchronized long depth() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM outbox")) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
