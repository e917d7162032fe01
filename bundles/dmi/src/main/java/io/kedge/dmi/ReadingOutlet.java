package io.kedge.dmi;

import io.kedge.api.devices.DeviceReadings;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands readings to one {@link DeviceReadings} listener off DMI's loop: a bounded queue drained by at
 * most one task at a time on the given pool, so the listener is called one reading at a time, in
 * order, and a listener that falls behind loses the readings beyond the bound (counted) instead of
 * slowing DMI or other listeners.
 */
final class ReadingOutlet {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingOutlet.class);
    /** Readings handed over per task before the task yields its thread to others. */
    private static final int BATCH = 256;

    record Item(String deviceId, String property, String value, long time, Map<String, Object> pushMethod) {
    }

    private final DeviceReadings listener;
    private final Executor pool;
    private final int capacity;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;
    private long dropped;

    ReadingOutlet(DeviceReadings listener, Executor pool, int capacity) {
        this.listener = listener;
        this.pool = pool;
        this.capacity = Math.max(1, capacity);
    }

    DeviceReadings listener() {
        return listener;
    }

    /** Any thread; never blocks. */
    void offer(Item item) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                dropped++;
                if (Long.bitCount(dropped) == 1) { // 1, 2, 4, 8, ...: a slow listener does not flood the log
                    LOG.warn("Reading listener {} falls behind: {} readings dropped so far", listener.getClass().getName(),
                            dropped);
                }
                return;
            }
            queue.add(item);
            if (draining) {
                return;
            }
            draining = true;
        }
        schedule();
    }

    synchronized long dropped() {
        return dropped;
    }

    /** Stops handing over; a call in progress finishes. */
    synchronized void close() {
        closed = true;
        queue.clear();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            close(); // DMI is stopping
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Item item;
            synchronized (this) {
                item = closed ? null : queue.poll();
                if (item == null) {
                    draining = false;
                    return;
                }
            }
            try {
                listener.reading(item.deviceId(), item.property(), item.value(), item.time(), item.pushMethod());
            } catch (RuntimeException e) {
                LOG.warn("Reading listener {} failed on {} {}", listener.getClass().getName(), item.deviceId(),
                        item.property(), e);
            }
        }
        schedule(); // more waiting: go on in a fresh task so other work gets the thread too
    }
}
