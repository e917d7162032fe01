package io.kedge.edged.probe;

import java.util.Objects;

/** What one run of a probe gave, with a message for the pod's events and the tests. */
public record ProbeResult(Outcome outcome, String message) {

    public enum Outcome {
        SUCCESS, FAILURE
    }

    public ProbeResult {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
    }

    public static ProbeResult success(String message) {
        return new ProbeResult(Outcome.SUCCESS, message);
    }

    public static ProbeResult failure(String message) {
        return new ProbeResult(Outcome.FAILURE, message);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
