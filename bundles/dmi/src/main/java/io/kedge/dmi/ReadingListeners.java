package io.kedge.dmi;

import io.kedge.api.devices.DeviceReadings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** The {@link DeviceReadings} listeners of the whiteboard, each with its own {@link ReadingOutlet}. */
final class ReadingListeners {
    private final Map<DeviceReadings, ReadingOutlet> outlets = new ConcurrentHashMap<>();
    private final Executor pool;
    private final int capacity;

    /**
     * @param pool     where readings are handed over (the node's blocking pool)
     * @param capacity readings held per listener that falls behind
     */
    ReadingListeners(Executor pool, int capacity) {
        this.pool = pool;
        this.capacity = capacity;
    }

    void add(DeviceReadings listener) {
        outlets.put(listener, new ReadingOutlet(listener, pool, capacity));
    }

    void remove(DeviceReadings listener) {
        ReadingOutlet outlet = outlets.remove(listener);
        if (outlet != null) {
            outlet.close();
        }
    }

    /** Any thread; never blocks. */
    void reading(String deviceId, String property, String value, long time, Map<String, Object> pushMethod) {
        if (outlets.isEmpty()) {
            return;
        }
        ReadingOutlet.Item item = new ReadingOutlet.Item(deviceId, property, value, time, pushMethod);
        outlets.values().forEach(outlet -> outlet.offer(item));
    }

    void close() {
        outlets.values().forEach(ReadingOutlet::close);
        outlets.clear();
    }
}
