package io.kedge.metaserver;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request body bytes held at once across all connections. Many clients sending large bodies
 * together are refused once it is spent, instead of together taking the node's heap.
 */
final class BodyBudget {
    private final long capacity;
    private final AtomicLong taken = new AtomicLong();

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Takes {@code bytes} if that many are left; false (and nothing taken) when not. */
    boolean tryTake(long bytes) {
        long now;
        do {
            now = taken.get();
            if (now + bytes > capacity) {
                return false;
            }
        } while (!taken.compareAndSet(now, now + bytes));
        return true;
    }

    void giveBack(long bytes) {
        taken.addAndGet(-bytes);
    }

    long inUse() {
        return taken.get();
    }
}
