package io.kedge.dmi;

/**
 * What became of one mapper call: a value, a failure, or no answer within the timeout. A call that
 * timed out is reported twice: once as {@link #timedOut()} when the time is up, and once more,
 * {@link #late()}, when it finally returns (it may never).
 */
record CallResult<T>(T value, Throwable failure, boolean timedOut, boolean late) {

    static <T> CallResult<T> of(T value) {
        return new CallResult<>(value, null, false, false);
    }

    static <T> CallResult<T> failed(Throwable failure) {
        return new CallResult<>(null, failure, false, false);
    }

    static <T> CallResult<T> timeout() {
        return new CallResult<>(null, null, true, false);
    }

    CallResult<T> asLate() {
        return new CallResult<>(value, failure, false, true);
    }

    boolean succeeded() {
        return !timedOut && failure == null;
    }
}
