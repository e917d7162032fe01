package io.kedge.metamanager;

import io.kedge.sqlite.CorruptFiles;
import io.kedge.sqlite.DurableSqlite;
import io.kedge.sqlite.PrivateFiles;
import io.kedge.sqlite.UnusableDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite file behind the upstream outbox. It is not {@code meta.db}: that cache is moved aside
 * and rebuilt from the cloud when it is damaged, while what waits here exists nowhere else. Every
 * write is committed with {@code synchronous=FULL} before it returns, and the file may grow only to
 * a configured size, so reports piling up while the cloud is away cannot fill the node's disk. One
 * connection, used under this object's lock.
 */
final class OutboxDatabase implements AutoCloseable {
    static final String FILE = "outbox.db";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDatabase.class);

    /** One waiting message: {@code seq} orders them and identifies this very version of a key. */
    record Entry(long seq, String key, String message) {
    }

    /** One message to append, with its key or null. */
    record Put(String key, String message) {
    }

    /** What {@link #put} did: the new entry's seq, and whether it replaced a pending one of its key. */
    record Stored(long seq, boolean coalesced) {
    }

    private final Connection connection;
    private final Path file;

    private OutboxDatabase(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /**
     * Opens (creating when absent) and migrates the file. A file that is not a readable outbox is
     * moved aside, kept for inspection, and a new one is started: refusing every report until someone
     * repairs the disk would lose more than the unreadable file holds.
     */
    static OutboxDatabase open(Path file, int busyTimeoutMillis, long maxBytes) throws SQLException, IOException {
        PrivateFiles.directory(file.toAbsolutePath().getParent());
        try {
            return connect(file, busyTimeoutMillis, maxBytes);
        } catch (UnusableDatabase e) {
            Path aside = CorruptFiles.moveAside(file);
            LOG.error("The outbox {} is unusable ({}). It was moved aside to {}; the reports it held are NOT sent. "
                    + "A new outbox is started.", file, e.getMessage(), aside);
            try {
                return connect(file, busyTimeoutMillis, maxBytes);
            } catch (UnusableDatabase again) {
                throw new SQLException("a new outbox " + file + " is unusable too: " + again.getMessage(), again);
            }
        }
    }

    private static OutboxDatabase connect(Path file, int busyTimeoutMillis, long maxBytes)
            throws SQLException, UnusableDatabase {
        Connection connection = DurableSqlite.open(file, busyTimeoutMillis, Schemas.outbox());
        try {
            limitSize(connection, maxBytes);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new OutboxDatabase(connection, file);
    }

    /** SQLite never lowers the limit below the current size: a file already bigger stays usable. */
    private static void limitSize(Connection connection, long maxBytes) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long pageSize;
            try (ResultSet row = statement.executeQuery("PRAGMA page_size")) {
                pageSize = row.next() ? row.getLong(1) : 4096;
            }
            statement.execute("PRAGMA max_page_count = " + Math.max(1, maxBytes / pageSize));
        }
    }

    Path file() {
        return file;
    }

    /** Appends; with a key, drops the pending entry of that key in the same transaction. */
    Stored put(String key, String message) throws SQLException {
        return putAll(List.of(new Put(key, message))).get(0);
    }

    /**
     * Appends all of them in this order in one transaction, one commit for the lot (group commit): on
     * any failure none of them is kept. A keyed one drops the pending entry of its key, also one put
     * earlier in the same list.
     *
     * @return what each put did, in the order given
     */
    synchronized List<Stored> putAll(List<Put> puts) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE key = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO outbox (key, message) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            List<Stored> stored = new ArrayList<>(puts.size());
            for (Put put : puts) {
                int replaced = 0;
                if (put.key() != null) {
                    delete.setString(1, put.key());
                    replaced = delete.executeUpdate();
                }
                insert.setString(1, put.key());
                insert.setString(2, put.message());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    stored.add(new Stored(keys.getLong(1), replaced > 0));
                }
            }
            connection.commit();
            return stored;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            autoCommitQuietly();
        }
    }

    /** Up to {@code limit} entries, oldest first. */
    synchronized List<Entry> oldest(int limit) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, key, message FROM outbox ORDER BY seq LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return entries;
    }

    /** Deletes this very entry; a newer one of its key has another seq and stays. */
    synchronized void delete(long seq) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
            delete.setLong(1, seq);
            delete.executeUpdate();
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

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the transaction died with the failure
        }
    }

    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the next put sets it again, or fails and reports
        }
    }
}
