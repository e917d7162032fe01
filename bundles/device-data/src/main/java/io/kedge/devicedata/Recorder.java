package io.kedge.devicedata;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects readings and writes them to the store in batches (one transaction per flush, so a
 * durable commit is paid per batch, not per reading). Readings beyond {@code capacity} waiting for
 * a flush are dropped and counted: a store that cannot keep up never holds up the caller.
 */
final class Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final ReadingStore store;
    private final int capacity;
    private final DataCounters counters;
    private List<StoredReading> pending = new ArrayList<>();

    Recorder(ReadingStore store, int capacity, DataCounters counters) {
        this.store = store;
        this.capacity = Math.max(1, capacity);
        this.counters = counters;
    }

    /** Any thread; never blocks on the store. */
    synchronized void offer(StoredReading reading) {
        if (pending.size() >= capacity) {
            counters.storeDropped.incrementAndGet();
            return;
        }
        pending.add(reading);
    }

    /** Writes what waits; called on the module's serial executor. */
    void flush() {
        List<StoredReading> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new ArrayList<>();
        }
        try {
            store.add(batch);
            counters.stored.addAndGet(batch.size());
        } catch (SQLException e) {
            counters.storeDropped.addAndGet(batch.size());
            LOG.warn("Could not keep {} device readings: {}", batch.size(), e.getMessage());
        }
    }

    /** Applies retention; called on the module's serial executor. */
    void prune(long nowMillis) {
        try {
            counters.pruned.addAndGet(store.prune(nowMillis));
        } catch (SQLException e) {
            LOG.warn("Could not apply retention to the device readings: {}", e.getMessage());
        }
    }
}
