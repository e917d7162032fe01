package io.kedge.metamanager;

import io.kedge.api.meta.ApplyStats;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.sqlite.CorruptFiles;
import io.kedge.sqlite.PrivateFiles;
import io.kedge.sqlite.UnusableDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every object held, in memory (sorted by key, for fast reads and to keep the node running when the
 * disk fails) and in SQLite. A change is applied in memory first, then written; a key whose write
 * failed stays "unwritten" until {@link #retryPending} gets it to disk, and its message is not
 * acknowledged meanwhile, so the cloud sends it again.
 */
final class ObjectStore implements MetaStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    enum Outcome { APPLIED, DUPLICATE, IGNORED }

    /** What a change did, and whether the key's state is on disk (only then may it be acknowledged). */
    record Result(Outcome outcome, boolean durable) {
    }

    /** Receives the events of each change, in revision order, while the store's lock is held. */
    interface ChangeSink {
        void publish(List<MetaEvent> events);
    }

    private final Path file;
    private final int busyTimeoutMillis;
    private final Duration retryInterval;
    private final ChangeSink sink;
    private final ConcurrentSkipListMap<String, MetaObject> objects = new ConcurrentSkipListMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong older = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> unwritten = new TreeSet<>();
    private volatile long revision;
    private long writtenRevision;
    private MetaDatabase database;
    private boolean openFailing;
    private boolean writeFailing;
    /** Inside {@link #inOneWrite}: changes wait for one write at its end, their events with them. */
    private boolean deferring;
    private final List<MetaEvent> deferredEvents = new ArrayList<>();

    ObjectStore(Path file, int busyTimeoutMillis, Duration retryInterval, ChangeSink sink) {
        this.file = file;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.retryInterval = retryInterval;
        this.sink = sink;
        lock.lock();
        try {
            openDatabase();
        } finally {
            lock.unlock();
        }
    }

    Result apply(MetaObject incoming) {
        lock.lock();
        try {
            String key = incoming.key();
            MetaObject held = objects.get(key);
            if (held != null && held.uid().equals(incoming.uid())
                    && !Versions.isNewer(incoming.resourceVersion(), held.resourceVersion())) {
                (Versions.isNewer(held.resourceVersion(), incoming.resourceVersion()) ? older : duplicates)
                        .incrementAndGet();
                flushUnlessDeferring(); // a resend is a good moment to retry a write that failed
                return new Result(Outcome.DUPLICATE, !unwritten.contains(key));
            }
            List<MetaEvent> events = new ArrayList<>(2);
            if (held == null) {
                events.add(new MetaEvent(MetaEvent.Kind.ADDED, incoming, ++revision));
            } else if (!held.uid().equals(incoming.uid())) {
                // Recreated under the same name: to a watcher that is a different object.
                events.add(new MetaEvent(MetaEvent.Kind.DELETED, held, ++revision));
                events.add(new MetaEvent(MetaEvent.Kind.ADDED, incoming, ++revision));
            } else {
                events.add(new MetaEvent(MetaEvent.Kind.MODIFIED, incoming, ++revision));
            }
            objects.put(key, incoming);
            return changed(key, events);
        } finally {
            lock.unlock();
        }
    }

    /** Deletes {@code key}; a non-empty {@code uid} must match the held object's, else it is an older incarnation. */
    Result delete(String key, String uid) {
        lock.lock();
        try {
            MetaObject held = objects.get(key);
            if (held == null || (!uid.isEmpty() && !uid.equals(held.uid()))) {
                flushUnlessDeferring();
                return new Result(Outcome.IGNORED, !unwritten.contains(key));
            }
            objects.remove(key);
            return changed(key, List.of(new MetaEvent(MetaEvent.Kind.DELETED, held, ++revision)));
        } finally {
            lock.unlock();
        }
    }

    private Result changed(String key, List<MetaEvent> events) {
        applied.incrementAndGet();
        unwritten.add(key);
        if (deferring) {
            deferredEvents.addAll(events);
            return new Result(Outcome.APPLIED, false);
        }
        flush();
        sink.publish(events);
        return new Result(Outcome.APPLIED, !unwritten.contains(key));
    }

    /**
     * Runs {@code changes} (calls of {@link #apply} and {@link #delete}) as one write: one transaction
     * and one sync to disk for all of them, their events published after it. Results returned inside
     * say not durable; ask {@link #isDurable} afterwards.
     */
    void inOneWrite(Runnable changes) {
        lock.lock();
        try {
            deferring = true;
            try {
                changes.run();
            } finally {
                deferring = false;
                flush();
                List<MetaEvent> events = List.copyOf(deferredEvents);
                deferredEvents.clear();
                if (!events.isEmpty()) {
                    sink.publish(events);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the held state of {@code key} is on disk, so that a change of it may be acknowledged. */
    boolean isDurable(String key) {
        lock.lock();
        try {
            return !unwritten.contains(key);
        } finally {
            lock.unlock();
        }
    }

    /** Opens the database if it could not be opened yet, then writes what is pending. */
    void retryPending() {
        lock.lock();
        try {
            if (database == null) {
                openDatabase();
            } else {
                flush();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code consumer} with every object held and the current revision, with no change in between. */
    void snapshotTo(BiConsumer<List<MetaObject>, Long> consumer) {
        lock.lock();
        try {
            consumer.accept(List.copyOf(objects.values()), revision);
        } finally {
            lock.unlock();
        }
    }

    List<MetaObject> all() {
        return List.copyOf(objects.values());
    }

    long duplicates() {
        return duplicates.get();
    }

    int pendingWrites() {
        lock.lock();
        try {
            return unwritten.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<MetaObject> get(String namespace, String type, String name) {
        return Optional.ofNullable(objects.get(namespace + "/" + type + "/" + name));
    }

    @Override
    public List<MetaObject> list(String type, String namespace) {
        if (namespace != null) {
            String prefix = namespace + "/" + type + "/";
            return List.copyOf(objects.subMap(prefix, prefix + Character.MAX_VALUE).values());
        }
        return objects.values().stream().filter(o -> o.type().equals(type)).toList();
    }

    @Override
    public ApplyStats applyStats() {
        return new ApplyStats(applied.get(), duplicates.get(), older.get());
    }

    @Override
    public long revision() {
        return revision;
    }

    @Override
    public Map<String, String> inventory() {
        Map<String, String> inventory = new LinkedHashMap<>();
        objects.values().stream().filter(o -> !o.uid().isEmpty())
                .forEach(o -> inventory.put(o.uid(), o.resourceVersion()));
        return inventory;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            flush();
            if (!unwritten.isEmpty()) {
                LOG.warn("MetaManager stops with {} changes not written to {}; they were not acknowledged, so the "
                        + "cloud sends them again", unwritten.size(), file);
            }
            if (database != null) {
                database.close();
                database = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void openDatabase() {
        try {
            Opened opened = openOrMoveAside();
            merge(opened.content());
            database = opened.database();
            if (openFailing) {
                LOG.info("The meta database {} is open again; writing the changes held in memory", file);
                openFailing = false;
            }
            flush();
        } catch (SQLException | IOException | UnusableDatabase e) {
            if (!openFailing) {
                LOG.error("Cannot open the meta database {}: {}. MetaManager keeps objects in memory only and does not "
                        + "acknowledge them, so the cloud resends them; it tries again every {} s. Check that the "
                        + "directory exists and the disk is writable, or set database.path in configuration "
                        + "io.kedge.metamanager.", file, e.getMessage(), retryInterval.toSeconds());
                openFailing = true;
            }
        }
    }

    private record Opened(MetaDatabase database, MetaDatabase.Content content) {
    }

    private Opened openOrMoveAside() throws SQLException, IOException, UnusableDatabase {
        try {
            return openAndLoad();
        } catch (UnusableDatabase e) {
            Path aside = CorruptFiles.moveAside(file);
            LOG.error("The meta database {} is unusable ({}). It was moved aside to {} and kept for inspection; "
                    + "MetaManager starts from an empty store in a new {} and the cloud sends everything again on "
                    + "the next connect. Delete {} when it is no longer needed.", file, e.getMessage(), aside, file,
                    aside);
            return openAndLoad();
        }
    }

    private Opened openAndLoad() throws SQLException, IOException, UnusableDatabase {
        Path directory = file.toAbsolutePath().getParent();
        try {
            PrivateFiles.directory(directory); // a fresh --data folder need not exist yet; 0700 either way
        } catch (IOException e) {
            throw new IOException("cannot create the directory " + directory + " (" + e.getClass().getSimpleName() + ")", e);
        }
        MetaDatabase opened = MetaDatabase.open(file, busyTimeoutMillis);
        try {
            return new Opened(opened, opened.load());
        } catch (SQLException | UnusableDatabase | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Takes what the file holds. At start memory is empty and the file simply is the state. When the
     * file only opens later, memory has moved on: its changes win, and stored objects it does not
     * know come in as new (the next inventory diff removes any the cloud no longer has).
     */
    private void merge(MetaDatabase.Content stored) {
        if (objects.isEmpty() && unwritten.isEmpty() && revision == 0) {
            stored.objects().forEach(o -> objects.put(o.key(), o));
            revision = stored.revision();
            writtenRevision = revision;
            LOG.info("MetaManager holds {} objects from {} (revision {})", objects.size(), file, revision);
            return;
        }
        revision = Math.max(revision, stored.revision());
        List<MetaEvent> events = new ArrayList<>();
        for (MetaObject object : stored.objects()) {
            if (!objects.containsKey(object.key()) && !unwritten.contains(object.key())) {
                objects.put(object.key(), object);
                events.add(new MetaEvent(MetaEvent.Kind.ADDED, object, ++revision));
            }
        }
        writtenRevision = -1; // the merged revision must reach the file
        if (!events.isEmpty()) {
            sink.publish(events);
        }
    }

    private void flushUnlessDeferring() {
        if (!deferring) {
            flush();
        }
    }

    private void flush() {
        if (database == null || (unwritten.isEmpty() && revision == writtenRevision)) {
            return;
        }
        Map<String, MetaObject> changes = new LinkedHashMap<>();
        unwritten.forEach(key -> changes.put(key, objects.get(key)));
        try {
            database.write(changes, revision);
            unwritten.clear();
            writtenRevision = revision;
            if (writeFailing) {
                LOG.info("The meta database {} takes writes again; {} pending changes written", file, changes.size());
                writeFailing = false;
            }
        } catch (SQLException e) {
            if (!writeFailing) {
                LOG.error("Cannot write to the meta database {}: {}. Changes stay in memory and are not acknowledged, "
                        + "so the cloud resends them; writing is retried every {} s. Check the disk (full? read-only? "
                        + "locked by another process?).", file, e.getMessage(), retryInterval.toSeconds());
                writeFailing = true;
            }
        }
    }
}
