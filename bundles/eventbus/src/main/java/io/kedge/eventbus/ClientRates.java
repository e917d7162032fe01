package io.kedge.eventbus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per MQTT client id ({@code rate} messages a second, bursts of as many), so one
 * client's flood cannot crowd out the others on the bus. Remembers the most recent clients only.
 * Used on the one delivery thread.
 */
final class ClientRates {
    private static final int MAX_CLIENTS = 4096;
    private static final long SECOND = 1_000_000_000L;

    private final int rate;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    ClientRates(int rate, LongSupplier clock) {
        this.rate = rate;
        this.clock = clock;
    }

    /** Takes one token of {@code clientId}'s bucket; false when it is empty. A rate of 0 or less admits everything. */
    boolean admit(String clientId) {
        if (rate <= 0) {
            return true;
        }
        long now = clock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(clientId, id -> new Bucket(rate, now));
        double refill = (now - bucket.at) * (double) rate / SECOND;
        bucket.tokens = Math.min(rate, bucket.tokens + refill);
        bucket.at = now;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
