package io.kedge.devicedata;

import java.time.Duration;

/**
 * How much of the time series is kept: readings older than {@code maxAge} go, and beyond
 * {@code maxRows} the oldest go, whichever bound is hit first.
 */
record Retention(Duration maxAge, long maxRows) {
    Retention {
        if (maxAge.isNegative() || maxAge.isZero() || maxRows < 1) {
            throw new IllegalArgumentException("retention needs a positive age and at least one row");
        }
    }
}
