package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    };

    @Test
    void oneLinePerIntervalThatCountsWhatWasLeftOut() {
        LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), clock);

        assertThat(throttle.admit()).isZero();
        for (int i = 0; i < 99; i++) {
            assertThat(throttle.admit()).isEqualTo(-1);
        }
        millis.addAndGet(10_000);

        assertThat(throttle.admit()).isEqualTo(99);
        assertThat(LogThrottle.leftOut(99)).contains("99 more");
        assertThat(LogThrottle.leftOut(0)).isEmpty();
    }
}
