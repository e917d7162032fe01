package io.kedge.dmi;

import io.kedge.mapper.api.Reading;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports waiting for DeviceTwin, per device in the order they first waited (oldest first): the
 * latest reading per property (a newer one replaces an older one not yet taken) and the latest
 * state. Bounded: beyond {@code capacity} entries the oldest device's reports are dropped, and
 * counted. Confined to DMI's loop.
 */
final class ReportQueue {
    /** What waits for one device. */
    static final class Pending {
        final Map<String, Reading> twins = new LinkedHashMap<>();
        DeviceState state;

        int size() {
            return twins.size() + (state == null ? 0 : 1);
        }
    }

    private final int capacity;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private int size;
    private long dropped;

    ReportQueue(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    void twin(String deviceId, String property, Reading reading) {
        Pending entry = pending.computeIfAbsent(deviceId, id -> new Pending());
        if (entry.twins.put(property, reading) == null) {
            size++;
        }
        trim();
    }

    void state(String deviceId, DeviceState state) {
        Pending entry = pending.computeIfAbsent(deviceId, id -> new Pending());
        if (entry.state == null) {
            size++;
        }
        entry.state = state;
        trim();
    }

    /** Oldest first; remove what was taken through the iterator or with {@link #taken}. */
    Iterator<Map.Entry<String, Pending>> oldestFirst() {
        return pending.entrySet().iterator();
    }

    /** Call after changing an entry the iterator gave, so the count stays right. */
    void recount() {
        size = pending.values().stream().mapToInt(Pending::size).sum();
    }

    void forget(String deviceId) {
        Pending entry = pending.remove(deviceId);
        if (entry != null) {
            size -= entry.size();
        }
    }

    int size() {
        return size;
    }

    /** Reports dropped because the queue was full, since it was made. */
    long dropped() {
        return dropped;
    }

    private void trim() {
        Iterator<Pending> oldest = pending.values().iterator();
        while (size > capacity && oldest.hasNext()) {
            Pending entry = oldest.next();
            size -= entry.size();
            dropped += entry.size();
            oldest.remove();
        }
    }
}
