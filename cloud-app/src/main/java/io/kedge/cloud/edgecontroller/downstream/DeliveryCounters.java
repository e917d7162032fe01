package io.kedge.cloud.edgecontroller.downstream;

import io.kedge.protocol.ResourcePath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per node: the object messages not yet acknowledged, when each is due for a resend, and the
 * counters of what happened to them. Only the newest message per object is tracked: a message
 * superseded by a newer one for the same object no longer needs an answer, the newer one carries
 * the state. The window is touched by the sync thread only; the counters may be read from anywhere.
 */
public final class DeliveryCounters {
    /** A consistent-enough view for logs, metrics and tests. */
    public record Snapshot(long sent, long acked, long refused, long resent, int unacked) {
    }

    /**
     * A message waiting for its ack: what it did to which object (version = the object's as sent, so
     * a delete can be repeated after the object left the cluster) and when it is resent if no ack comes.
     */
    record Pending(String messageId, ResourcePath key, String operation, ObjectVersion version, int attempt,
            long dueNanos) {
        Pending dueAt(long nanos) {
            return new Pending(messageId, key, operation, version, attempt, nanos);
        }
    }

    private final int window;
    private final ResendBackoff backoff;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final Map<String, Pending> unacked = new HashMap<>();
    private final Map<ResourcePath, String> newestByKey = new HashMap<>();
    private volatile int unackedCount;

    DeliveryCounters(int window, ResendBackoff backoff) {
        this.window = window;
        this.backoff = backoff;
    }

    boolean hasRoom() {
        return unacked.size() < window;
    }

    /** Records a message; {@code attempt} 0 is a first send, more is a resend of the same object. */
    void sent(String messageId, ResourcePath key, String operation, ObjectVersion version, int attempt,
            long nowNanos) {
        String superseded = newestByKey.put(key, messageId);
        if (superseded != null) {
            unacked.remove(superseded);
        }
        unacked.put(messageId, new Pending(messageId, key, operation, version, attempt,
                nowNanos + backoff.delay(attempt).toNanos()));
        unackedCount = unacked.size();
        (attempt == 0 ? sent : resent).incrementAndGet();
    }

    /** @return the key the acknowledged message carried, empty when the id is not an unacked message of ours */
    Optional<ResourcePath> acked(String messageId) {
        return settle(messageId, acked);
    }

    Optional<ResourcePath> refused(String messageId) {
        return settle(messageId, refused);
    }

    /** The node could not act on the message now: try again after the next backoff step. */
    void retryLater(String messageId, long nowNanos) {
        Pending pending = unacked.get(messageId);
        if (pending != null) {
            unacked.put(messageId, pending.dueAt(nowNanos + backoff.delay(pending.attempt()).toNanos()));
        }
    }

    /** Removes and returns the messages whose ack is overdue; the caller resends their objects. */
    List<Pending> takeOverdue(long nowNanos) {
        List<Pending> overdue = new ArrayList<>();
        for (Iterator<Pending> it = unacked.values().iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            if (nowNanos - pending.dueNanos() >= 0) {
                overdue.add(pending);
                it.remove();
                newestByKey.remove(pending.key(), pending.messageId());
            }
        }
        unackedCount = unacked.size();
        return overdue;
    }

    int unacked() {
        return unacked.size();
    }

    /** A new session or inventory sync: answers to earlier messages no longer matter. */
    void forgetUnacked() {
        unacked.clear();
        newestByKey.clear();
        unackedCount = 0;
    }

    public Snapshot snapshot() {
        return new Snapshot(sent.get(), acked.get(), refused.get(), resent.get(), unackedCount);
    }

    private Optional<ResourcePath> settle(String messageId, AtomicLong counter) {
        Pending pending = unacked.remove(messageId);
        if (pending == null) {
            return Optional.empty();
        }
        newestByKey.remove(pending.key(), messageId);
        unackedCount = unacked.size();
        counter.incrementAndGet();
        return Optional.of(pending.key());
    }

    /** How long to wait for an ack before resending: doubles per attempt up to a ceiling. */
    record ResendBackoff(Duration first, Duration max) {
        Duration delay(int attempt) {
            Duration delay = first.multipliedBy(1L << Math.min(attempt, 20));
            return delay.compareTo(max) > 0 ? max : delay;
        }
    }
}
