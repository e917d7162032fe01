package io.kedge.metamanager;

import io.kedge.api.outbox.OutboxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes the puts of many callers to the {@link OutboxDatabase} with one commit per group: puts that
 * arrive while a commit is on its way to the disk wait in a queue, and the next run of the writer
 * takes up to {@code maxGroup} of them, in arrival order, into one transaction. A put's future
 * completes once its group is committed, or fails, like every other put of that group, with the
 * reason (a {@link java.sql.SQLException} from the database, an {@link OutboxException} when closed);
 * a failed group keeps none of its puts. One fsync then serves the whole group, which is what lets
 * many reports a second through on a disk that syncs a few dozen times a second.
 */
final class GroupCommit implements AutoCloseable {
    /** Enough to amortise a sync, small enough that one transaction stays short. */
    static final int DEFAULT_MAX_GROUP = 256;

    private record Pending(OutboxDatabase.Put put, CompletableFuture<OutboxDatabase.Stored> done) {
    }

    private final OutboxDatabase database;
    private final Executor writer;
    private final int maxGroup;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by lock
    private boolean writing; // guarded by lock: a writer run is queued or running
    private boolean closed; // guarded by lock

    /**
     * @param writer   runs one group at a time (a serial executor); it is not shut down here
     * @param maxGroup puts per transaction at most; 1 commits every put on its own
     */
    GroupCommit(OutboxDatabase database, Executor writer, int maxGroup) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1, not " + maxGroup);
        }
        this.database = database;
        this.writer = writer;
        this.maxGroup = maxGroup;
    }

    /** Queues the put; the future completes once it is on disk, or fails when it was not kept. */
    CompletableFuture<OutboxDatabase.Stored> submit(String key, String message) {
        Pending pending = new Pending(new OutboxDatabase.Put(key, message), new CompletableFuture<>());
        boolean startWriter;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(closedFailure());
            }
            queue.add(pending);
            startWriter = !writing;
            writing = true;
        }
        if (startWriter) {
            startWriter();
        }
        return pending.done();
    }

    /**
     * Fails every put still queued; a group being written finishes (committed or failed) on its own,
     * and later puts fail at once. Nothing waits here.
     */
    @Override
    public void close() {
        List<Pending> dropped;
        synchronized (lock) {
            closed = true;
            dropped = List.copyOf(queue);
            queue.clear();
        }
        OutboxException failure = closedFailure();
        dropped.forEach(pending -> pending.done().completeExceptionally(failure));
    }

    private void startWriter() {
        try {
            writer.execute(this::writeGroup);
        } catch (RejectedExecutionException e) {
            close(); // the writer stopped under us: nothing queued may wait for it
            synchronized (lock) {
                writing = false;
            }
        }
    }

    private void writeGroup() {
        List<Pending> group = takeGroup();
        if (group.isEmpty()) {
            return;
        }
        try {
            List<OutboxDatabase.Stored> stored;
            try {
                stored = database.putAll(group.stream().map(Pending::put).toList());
            } catch (Throwable e) { // even an Error must not leave a caller waiting
                group.forEach(pending -> pending.done().completeExceptionally(e));
                return;
            }
            for (int i = 0; i < group.size(); i++) {
                group.get(i).done().complete(stored.get(i));
            }
        } finally {
            boolean more;
            synchronized (lock) {
                more = !queue.isEmpty();
                writing = more;
            }
            if (more) {
                startWriter(); // a new run, not a loop: other tasks of a shared thread get their turn
            }
        }
    }

    private List<Pending> takeGroup() {
        synchronized (lock) {
            List<Pending> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
            while (group.size() < maxGroup && !queue.isEmpty()) {
                group.add(queue.poll());
            }
            if (group.isEmpty()) {
                writing = false;
            }
            return group;
        }
    }

    private static OutboxException closedFailure() {
        return new OutboxException("the outbox is closed (MetaManager is stopping): the report was not kept");
    }
}
