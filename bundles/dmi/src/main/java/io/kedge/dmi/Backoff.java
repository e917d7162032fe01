package io.kedge.dmi;

import java.time.Duration;

/** Delays between connection attempts: doubling from {@code min} up to {@code max}, reset on success. */
final class Backoff {
    private final Duration min;
    private final Duration max;
    private Duration next;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max.compareTo(min) < 0 ? min : max;
        this.next = min;
    }

    Duration next() {
        Duration now = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return now;
    }

    void reset() {
        next = min;
    }
}
