package io.kedge.devicetwin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.devicetwin.port.CloudReport;
import io.kedge.sqlite.CorruptFiles;
import io.kedge.sqlite.DurableSqlite;
import io.kedge.sqlite.Migrations;
import io.kedge.sqlite.PrivateFiles;
import io.kedge.sqlite.SqliteFailures;
import io.kedge.sqlite.UnusableDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code twin.db}: each device with its attributes, twins (desired and reported values, versions,
 * timestamps) and state, and the reports for the cloud the outbox has not taken yet. Opened as
 * MetaManager opens its files (0600, WAL, {@code synchronous=FULL}, migrations); a commit is on disk
 * when it returns. An unusable file is moved aside and a new one started: the cloud sends the
 * devices again.
 */
final class TwinStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TwinStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Migrations schema() {
        return Migrations.of("DeviceTwin", List.of(
                /* 1 */ List.of(
                        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                        "INSERT INTO meta (name, value) VALUES ('schema_version', '0')",
                        "CREATE TABLE devices (id TEXT PRIMARY KEY, device TEXT NOT NULL)",
                        // the latest report per coalescing key that the cloud port has not made durable yet
                        """
                        CREATE TABLE pending_reports (
                            key TEXT PRIMARY KEY,
                            seq INTEGER NOT NULL,
                            kind TEXT NOT NULL,
                            report TEXT NOT NULL)""")));
    }

    /** A report waiting for the cloud port, and the write that queued it. */
    record Pending(long seq, CloudReport report) {
    }

    private final Connection connection;
    private long seq;
    /**
     * Reports the cloud port took (key → seq), deleted with the next commit rather than in a commit
     * (and a disk sync) of their own: one a crash keeps is offered again, the latest value of its
     * key, which the outbox coalesces.
     */
    private final Map<String, Long> taken = new HashMap<>();

    private TwinStore(Connection connection, long seq) {
        this.connection = connection;
        this.seq = seq;
    }

    /** Opens {@code file}, moving an unusable one aside first. */
    static TwinStore open(Path file, int busyTimeoutMillis) throws SQLException, IOException {
        PrivateFiles.directory(file.toAbsolutePath().getParent());
        try {
            return openAndCheck(file, busyTimeoutMillis);
        } catch (UnusableDatabase e) {
            Path aside = CorruptFiles.moveAside(file);
            LOG.error("The device twin database {} is unusable ({}). It was moved aside to {} and kept for inspection;"
                    + " DeviceTwin starts empty and the cloud sends the devices again.", file, e.getMessage(), aside);
            try {
                return openAndCheck(file, busyTimeoutMillis);
            } catch (UnusableDatabase again) {
                throw new SQLException("a new " + file + " is unusable too: " + again.getMessage(), again);
            }
        }
    }

    private static TwinStore openAndCheck(Path file, int busyTimeoutMillis) throws SQLException, UnusableDatabase {
        Connection connection = DurableSqlite.open(file, busyTimeoutMillis, schema());
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT coalesce(max(seq), 0) FROM pending_reports")) {
            row.next();
            TwinStore store = new TwinStore(connection, row.getLong(1));
            store.loadDevices(); // reads every row once: a corrupt page shows now, not at the first update
            return store;
        } catch (SQLException | UnusableDatabase | RuntimeException e) {
            connection.close();
            if (e instanceof SQLException sql && SqliteFailures.isCorruption(sql)) {
                throw new UnusableDatabase("it is corrupt: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    synchronized Map<String, Device> loadDevices() throws SQLException, UnusableDatabase {
        Map<String, Device> devices = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, device FROM devices")) {
            while (rows.next()) {
                devices.put(rows.getString(1), read(rows.getString(2), Device.class));
            }
        }
        return devices;
    }

    synchronized List<Pending> pendingReports() throws SQLException, UnusableDatabase {
        List<Pending> pending = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT seq, kind, report FROM pending_reports ORDER BY seq")) {
            while (rows.next()) {
                Class<? extends CloudReport> kind = "state".equals(rows.getString(2))
                        ? CloudReport.State.class : CloudReport.Twin.class;
                Pending one = new Pending(rows.getLong(1), read(rows.getString(3), kind));
                if (!Long.valueOf(one.seq()).equals(taken.get(one.report().key()))) {
                    pending.add(one);
                }
            }
        }
        return pending;
    }

    /**
     * Writes {@code device} and queues {@code reports} (replacing pending ones of the same key) in one
     * transaction.
     *
     * @return the reports as queued, each with the seq that {@link #reported} needs
     */
    synchronized List<Pending> save(Device device, Collection<CloudReport> reports) throws SQLException {
        return inTransaction(() -> {
            forgetTaken();
            try (PreparedStatement put = connection.prepareStatement(
                    "INSERT INTO devices (id, device) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET device = excluded.device")) {
                put.setString(1, device.id());
                put.setString(2, write(device));
                put.executeUpdate();
            }
            List<Pending> queued = new ArrayList<>(reports.size());
            try (PreparedStatement queue = connection.prepareStatement(
                    "INSERT INTO pending_reports (key, seq, kind, report) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO "
                            + "UPDATE SET seq = excluded.seq, kind = excluded.kind, report = excluded.report")) {
                for (CloudReport report : reports) {
                    long next = seq + queued.size() + 1;
                    queue.setString(1, report.key());
                    queue.setLong(2, next);
                    queue.setString(3, report instanceof CloudReport.State ? "state" : "twin");
                    queue.setString(4, write(report));
                    queue.executeUpdate();
                    queued.add(new Pending(next, report));
                }
            }
            return queued;
        }, queued -> {
            seq += queued.size();
            taken.clear();
        });
    }

    /** Removes the device; its pending reports stay (the cloud may still want its last values). */
    synchronized void remove(String deviceId) throws SQLException {
        inTransaction(() -> {
            forgetTaken();
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM devices WHERE id = ?")) {
                delete.setString(1, deviceId);
                delete.executeUpdate();
            }
            return null;
        }, nothing -> taken.clear());
    }

    /**
     * The cloud port took the report of {@code key} queued as {@code seq}: it is forgotten with the
     * next commit, unless a newer one of the key replaced it by then.
     */
    synchronized void reported(String key, long queuedSeq) {
        taken.merge(key, queuedSeq, Math::max);
    }

    /** Forgets the reports the cloud port took, then closes the file. */
    @Override
    public synchronized void close() throws SQLException {
        try {
            if (!taken.isEmpty()) {
                inTransaction(() -> {
                    forgetTaken();
                    return null;
                }, nothing -> taken.clear());
            }
        } finally {
            connection.close();
        }
    }

    private void forgetTaken() throws SQLException {
        if (taken.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM pending_reports WHERE key = ? AND seq = ?")) {
            for (Map.Entry<String, Long> entry : taken.entrySet()) {
                delete.setString(1, entry.getKey());
                delete.setLong(2, entry.getValue());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private interface AfterCommit<T> {
        void accept(T result);
    }

    private <T> T inTransaction(Work<T> work, AfterCommit<T> afterCommit) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            afterCommit.accept(result);
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) throws UnusableDatabase {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UnusableDatabase("a stored row is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
