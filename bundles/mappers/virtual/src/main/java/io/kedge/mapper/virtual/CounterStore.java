package io.kedge.mapper.virtual;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters by device and property, kept while the mapper runs (a device that reconnects continues its count)
 * and saved to a file when the mapper stops, so an updated or restarted mapper bundle continues where it
 * stopped: the file is in the bundle's data area, which an update keeps and an uninstall deletes. After a
 * crash the count continues from the last save (or restarts at {@code start}): strictly increasing holds
 * within one mapper run, across updates, not across a kill.
 */
final class CounterStore {
    private static final Logger LOG = LoggerFactory.getLogger(CounterStore.class);

    private final Optional<Path> file;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Properties saved = new Properties();
    /** Set by {@link #save}: later reads get nothing, so no value is handed out twice across an update. */
    private final AtomicBoolean frozen = new AtomicBoolean();

    /** @param file where counts are saved; empty keeps them in memory only */
    CounterStore(Optional<Path> file) {
        this.file = file;
        file.filter(Files::isRegularFile).ifPresent(this::load);
    }

    /** The counter of that property; the running or saved one when its start and step are unchanged. */
    Counter counter(String deviceId, String property, long start, long step) {
        String key = deviceId + "/" + property;
        return counters.compute(key, (k, existing) -> {
            if (existing != null && existing.start == start && existing.step == step) {
                return existing;
            }
            return new Counter(start, step, savedNext(k, start, step).orElse(start), frozen);
        });
    }

    /**
     * Writes every count to the file; called when the mapper stops, after its connections are closed. From
     * here on counters give no values: a read that races the stop either ends before its counter is saved
     * (its value is counted) or gets nothing.
     */
    void save() {
        frozen.set(true);
        if (file.isEmpty()) {
            return;
        }
        Properties out = new Properties();
        counters.forEach((key, counter) -> out.setProperty(key, counter.snapshot()));
        Path target = file.get();
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.store(writer, "virtual mapper counters: start,step,next per device/property");
        } catch (IOException e) {
            LOG.warn("Cannot save the virtual mapper's counters to {}: they restart at their start values", temp, e);
            return;
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot save the virtual mapper's counters to {}: they restart at their start values", target, e);
        }
    }

    private void load(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            saved.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Cannot read the virtual mapper's saved counters in {}: they restart at their start values", path, e);
        }
    }

    private Optional<Long> savedNext(String key, long start, long step) {
        String[] parts = saved.getProperty(key, "").split(",");
        try {
            if (parts.length == 3 && Long.parseLong(parts[0]) == start && Long.parseLong(parts[1]) == step) {
                return Optional.of(Long.parseLong(parts[2]));
            }
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring the saved counter {}={}: not start,step,next", key, saved.getProperty(key));
        }
        return Optional.empty();
    }

    /** One property's count: each {@link #next} is {@code step} above the last until a restart. */
    static final class Counter {
        private final long start;
        private final long step;
        private final AtomicBoolean frozen;
        private long next;

        Counter(long start, long step, long next, AtomicBoolean frozen) {
            this.start = start;
            this.step = step;
            this.next = next;
            this.frozen = frozen;
        }

        /** The next value; empty once the store was saved. */
        synchronized OptionalLong next() {
            if (frozen.get()) {
                return OptionalLong.empty();
            }
            long value = next;
            next += step;
            return OptionalLong.of(value);
        }

        synchronized void restartAt(long value) {
            next = value;
        }

        private synchronized String snapshot() {
            return start + "," + step + "," + next;
        }
    }
}
