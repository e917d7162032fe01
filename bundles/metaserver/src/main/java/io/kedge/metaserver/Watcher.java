package io.kedge.metaserver;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open watch: the changes after {@link #from()} wait here for the thread that streams them.
 * The queue is bounded; a watcher that falls behind is closed rather than allowed to grow, and its
 * streaming thread is interrupted: that also closes the connection when the thread is blocked
 * writing to a client that stopped reading (the JDK server's sockets are interruptible channels).
 */
final class Watcher {
    private final long from;
    private final BlockingQueue<Change> pending;
    private volatile String closedBecause;
    private Thread streamer;

    Watcher(long from, int capacity) {
        this.from = from;
        this.pending = new ArrayBlockingQueue<>(capacity);
    }

    long from() {
        return from;
    }

    /** Called by the hub; false when the watcher is (now) closed and should be forgotten. */
    boolean offer(Change change) {
        if (closedBecause != null) {
            return false;
        }
        if (change.revision() <= from) {
            return true; // already part of the list this watch started from
        }
        if (!pending.offer(change)) {
            close("too slow: " + pending.size() + " changes pending");
            return false;
        }
        return true;
    }

    /** The next change, or null after {@code timeoutMillis} or once closed. */
    Change next(long timeoutMillis) throws InterruptedException {
        return closedBecause != null ? null : pending.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The thread streaming this watch, from now until {@link #detach()}. */
    synchronized void attach(Thread thread) {
        streamer = thread;
    }

    synchronized void detach() {
        streamer = null;
    }

    synchronized void close(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
            if (streamer != null && streamer != Thread.currentThread()) {
                streamer.interrupt();
            }
        }
    }

    boolean isClosed() {
        return closedBecause != null;
    }

    String closedBecause() {
        return closedBecause;
    }
}
