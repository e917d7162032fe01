package io.kedge.edged.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubelet's back-off for restarts and image pulls: the first retry is immediate, then 10 s doubling
 * up to 5 min; an entry not renewed for twice the maximum (10 min) is forgotten, so a container that
 * ran that long starts over at 10 s.
 */
final class BackOff {
    static final Duration INITIAL = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(5);

    private record Entry(Duration delay, Instant lastUpdate) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** When {@code key} may try again after an event at {@code since}; empty when it may now. */
    Optional<Instant> retryAt(String key, Instant since, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null || expired(entry, since)) {
            return Optional.empty();
        }
        Instant at = since.plus(entry.delay());
        return now.isBefore(at) ? Optional.of(at) : Optional.empty();
    }

    /** When the last recorded attempt of {@code key} happened, if any. */
    Optional<Instant> lastAttempt(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::lastUpdate);
    }

    Duration delay(String key) {
        Entry entry = entries.get(key);
        return entry == null ? INITIAL : entry.delay();
    }

    /** Records an attempt at {@code now}: the next wait is 10 s, or double the last one. */
    void attempt(String key, Instant now) {
        entries.compute(key, (k, entry) -> entry == null || expired(entry, now) ? new Entry(INITIAL, now)
                : new Entry(min(entry.delay().multipliedBy(2), MAX), now));
    }

    void forget(String key) {
        entries.remove(key);
    }

    void forgetPrefix(String prefix) {
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static boolean expired(Entry entry, Instant at) {
        return Duration.between(entry.lastUpdate(), at).compareTo(MAX.multipliedBy(2)) > 0;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
