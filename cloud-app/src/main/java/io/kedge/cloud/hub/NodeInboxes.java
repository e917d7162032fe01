package io.kedge.cloud.hub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One {@link SerialExecutor} per node name, shared by the node's successive sessions: frames still
 * queued from a replaced session are applied before the new session's, so a report the edge sent
 * earlier can never overwrite the one it resent after reconnecting.
 *
 * <p>An inbox is forgotten only once no session holds it and it ran empty, whichever comes last;
 * a node that never comes back leaves nothing behind.
 *
 * <p>An {@link Error} in one of a node's tasks goes to {@code onError} with the node's name (which
 * closes its session, so the node reconnects and is re-synced); the node's later tasks still run.
 */
final class NodeInboxes {
    private final Executor workers;
    private final BiConsumer<String, Throwable> onError;
    private final ConcurrentMap<String, Entry> byNode = new ConcurrentHashMap<>();
    private final AtomicLong peakUnappliedBytes = new AtomicLong();

    /** The inbox and how many sessions hold it; only changed inside the map's per-key compute. */
    private static final class Entry {
        final SerialExecutor inbox;
        int sessions;

        Entry(SerialExecutor inbox) {
            this.inbox = inbox;
        }

        boolean unused() {
            return sessions == 0 && inbox.backlog() == 0;
        }
    }

    NodeInboxes(Executor workers) {
        this(workers, (node, error) -> { });
    }

    NodeInboxes(Executor workers, BiConsumer<String, Throwable> onError) {
        this.workers = workers;
        this.onError = onError;
    }

    /** The node's inbox for a session that opened; pair with {@link #release}. */
    SerialExecutor acquire(String nodeName) {
        return byNode.compute(nodeName, (name, entry) -> {
            Entry held = entry != null ? entry : new Entry(new SerialExecutor(workers,
                    () -> forgetIfUnused(name), error -> onError.accept(name, error)));
            held.sessions++;
            return held;
        }).inbox;
    }

    /** A session of the node closed; its queued frames still run. */
    void release(String nodeName) {
        byNode.computeIfPresent(nodeName, (name, entry) -> {
            entry.sessions--;
            return entry.unused() ? null : entry;
        });
    }

    /** Queues a frame of {@code bytes} on the node's inbox and remembers the largest backlog seen. */
    void accept(SerialExecutor inbox, Runnable apply, long bytes) {
        long pending = inbox.execute(apply, bytes);
        peakUnappliedBytes.accumulateAndGet(pending, Math::max);
    }

    /** The most bytes any one node had sent and the cloud had not yet applied, since the hub started. */
    long peakUnappliedBytes() {
        return peakUnappliedBytes.get();
    }

    /** Nodes with an inbox (held by a session or still applying frames). */
    int size() {
        return byNode.size();
    }

    private void forgetIfUnused(String nodeName) {
        byNode.computeIfPresent(nodeName, (name, entry) -> entry.unused() ? null : entry);
    }
}
