package io.kedge.edged.probe;

import java.time.Instant;
import java.util.Optional;

/**
 * When one container's probe is due and what it has concluded, driven only by the instants the
 * caller gives (no clock of its own, so tests and the reconciler decide time). The first run is
 * due after the initial delay, each next one a period after the last. The verdict turns true after
 * {@code successThreshold} successes in a row and false after {@code failureThreshold} failures
 * in a row, and keeps its value in between, as the kubelet's probe worker does.
 */
public final class ProbeTracker {
    private final ProbeSpec spec;
    private final Instant containerStarted;
    private Instant lastRun;
    private int successes;
    private int failures;
    private Boolean verdict;

    public ProbeTracker(ProbeSpec spec, Instant containerStarted) {
        this.spec = spec;
        this.containerStarted = containerStarted;
    }

    public boolean due(Instant now) {
        return !now.isBefore(nextDue());
    }

    public Instant nextDue() {
        return lastRun == null ? containerStarted.plus(spec.initialDelay()) : lastRun.plus(spec.period());
    }

    public void record(ProbeResult result, Instant now) {
        lastRun = now;
        if (result.succeeded()) {
            successes++;
            failures = 0;
            if (successes >= spec.successThreshold()) {
                verdict = true;
            }
        } else {
            failures++;
            successes = 0;
            if (failures >= spec.failureThreshold()) {
                verdict = false;
            }
        }
    }

    /** Empty until a threshold has been reached once. */
    public Optional<Boolean> verdict() {
        return Optional.ofNullable(verdict);
    }
}
