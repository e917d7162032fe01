package io.kedge.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One connection to a SQLite file of ours, set up the way every such file is: readable by this user
 * only (0600, with its WAL files), WAL, a commit is on disk when it returns ({@code synchronous=FULL}),
 * a busy timeout, and its schema migrated.
 */
public final class DurableSqlite {

    private DurableSqlite() {
    }

    /**
     * @throws UnusableDatabase when the file holds something that is not a readable database of ours
     * @throws SQLException     when the file cannot be opened or read (missing directory, I/O error)
     */
    public static Connection open(Path file, int busyTimeoutMillis, Migrations migrations)
            throws SQLException, UnusableDatabase {
        try {
            PrivateFiles.database(file); // before SQLite creates -wal and -shm from its permissions
        } catch (IOException e) {
            throw new SQLException("cannot make " + file + " private to this user: " + e, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(busyTimeoutMillis);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Connection connection = null;
        try {
            connection = source.getConnection(); // sets WAL: the first read of the file
            migrations.apply(connection);
            return connection;
        } catch (SQLException | UnusableDatabase | RuntimeException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            if (SqliteFailures.isCorruption(e)) {
                throw new UnusableDatabase("it is not a readable SQLite database: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
