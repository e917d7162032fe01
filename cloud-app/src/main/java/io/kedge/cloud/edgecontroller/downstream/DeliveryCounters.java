package io.kedge.cloud.edgecontroller.downstream;

import io.kedge.protocol.ResourcePath;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per node: object messages sent, acknowledged and refused, plus the bounded window of those not
 * yet acknowledged. The reliable resend machinery will grow here. The window is touched by the sync
 * thread only; the counters may be read from anywhere.
 */
public final class DeliveryCounters {
    /** A consistent-enough view for logs, metrics and tests. */
    public record Snapshot(long sent, long acked, long refused, int unacked) {
    }

    private final int window;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, ResourcePath> unacked = new HashMap<>();
    private volatile int unackedCount;

    DeliveryCounters(int window) {
        this.window = window;
    }

    boolean hasRoom() {
        return unacked.size() < window;
    }

    void sent(String messageId, ResourcePath key) {
        unacked.put(messageId, key);
        unackedCount = unacked.size();
        sent.incrementAndGet();
    }

    /** @return the key the acknowledged message carried, empty when the id is not an unacked message of ours */
    Optional<ResourcePath> acked(String messageId) {
        return settle(messageId, acked);
    }

    Optional<ResourcePath> refused(String messageId) {
        return settle(messageId, refused);
    }

    int unacked() {
        return unacked.size();
    }

    /** A new session or inventory sync: answers to earlier messages no longer matter. */
    void forgetUnacked() {
        unacked.clear();
        unackedCount = 0;
    }

    public Snapshot snapshot() {
        return new Snapshot(sent.get(), acked.get(), refused.get(), unackedCount);
    }

    private Optional<ResourcePath> settle(String messageId, AtomicLong counter) {
        ResourcePath key = unacked.remove(messageId);
        if (key == null) {
            return Optional.empty();
        }
        unackedCount = unacked.size();
        counter.incrementAndGet();
        return Optional.of(key);
    }
}
