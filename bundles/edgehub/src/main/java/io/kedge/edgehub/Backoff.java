package io.kedge.edgehub;

import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: attempt n waits a uniform random time in
 * [0, min(max, min * 2^n)]. Full jitter spreads a fleet that lost its cloud at the same moment, so
 * the reconnects do not arrive as one storm. Public for the fleet simulator, which must reconnect
 * exactly as nodes do; the package stays private to the bundle.
 */
public final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final LongUnaryOperator random;
    private int attempt;

    /** @param random returns a uniform value in [0, bound] for a given bound */
    public Backoff(long minMillis, long maxMillis, LongUnaryOperator random) {
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + minMillis + ".." + maxMillis);
        }
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts as one more failed attempt. */
    public long nextDelayMillis() {
        long ceiling = ceilingFor(attempt);
        if (attempt < 62) {
            attempt++;
        }
        return random.applyAsLong(ceiling);
    }

    /** Called once a connection succeeded. */
    public void reset() {
        attempt = 0;
    }

    long ceilingFor(int n) {
        if (n >= 62 || minMillis << n <= 0 || minMillis << n > maxMillis) {
            return maxMillis;
        }
        return minMillis << n;
    }
}
