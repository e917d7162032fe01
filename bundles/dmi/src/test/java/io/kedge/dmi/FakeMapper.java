package io.kedge.dmi;

import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.Reading;
import io.kedge.mapper.api.ReadingSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A mapper in memory: each property reads the value set in {@link #values} for {@code device/property}
 * (absent: "0"); the test decides which connects fail, which reads hang and which writes are refused.
 */
final class FakeMapper implements DeviceMapper {
    /** "deviceId/property" → value read. */
    final Map<String, String> values = new ConcurrentHashMap<>();
    /** Properties ("deviceId/property") whose read waits for {@link #release}. */
    final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);
    final Map<String, AtomicInteger> connects = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();
    /** "deviceId/property=value" per write, in order. */
    final List<String> writes = new CopyOnWriteArrayList<>();
    /** Decides per device whether connect fails; null: it succeeds. */
    volatile Function<String, MapperException> connectFailure = id -> null;
    /** When set, temperature is pushed: the sink of each device is kept here ("deviceId" → sink). */
    volatile boolean pushTemperature;
    final Map<String, ReadingSink> sinks = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> unsubscribes = new ConcurrentHashMap<>();
    /** Values a write refuses with BAD_VALUE. */
    volatile String refusedValue = "";

    @Override
    public DeviceConnection connect(DeviceSpec device) throws MapperException {
        count(connects, device.id());
        MapperException failure = connectFailure.apply(device.id());
        if (failure != null) {
            throw failure;
        }
        return new DeviceConnection() {
            @Override
            public Reading read(PropertySpec property) {
                String key = device.id() + "/" + property.name();
                count(reads, key);
                if (hanging.containsKey(key)) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Reading.now(values.getOrDefault(key, "0"));
            }

            @Override
            public void write(PropertySpec property, String value) throws MapperException {
                if (value.equals(refusedValue)) {
                    throw new MapperException(MapperException.Reason.BAD_VALUE, value + " is out of range");
                }
                writes.add(device.id() + "/" + property.name() + "=" + value);
            }

            @Override
            public Optional<AutoCloseable> subscribe(PropertySpec property, ReadingSink sink) {
                if (!pushTemperature || !property.name().equals("temperature")) {
                    return Optional.empty();
                }
                sinks.put(device.id(), sink);
                return Optional.of(() -> count(unsubscribes, device.id()));
            }

            @Override
            public void close() {
                count(closes, device.id());
            }
        };
    }

    int connects(String id) {
        return connects.getOrDefault(id, new AtomicInteger()).get();
    }

    int reads(String key) {
        return reads.getOrDefault(key, new AtomicInteger()).get();
    }

    int closes(String id) {
        return closes.getOrDefault(id, new AtomicInteger()).get();
    }

    private static void count(Map<String, AtomicInteger> counts, String key) {
        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
}
