package io.kedge.cloud.hub;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Writes at most one line per node per interval, so a node that sends bad messages by the thousand
 * costs the log one line now and then; the next line written says how many were held back.
 */
public final class NodeLogLimiter {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final BiConsumer<String, Throwable> sink;
    private final ConcurrentMap<String, Window> byNode = new ConcurrentHashMap<>();

    /** The last line written for a node and the lines held back since; only changed inside compute. */
    private record Window(long writtenAt, long heldBack, boolean write) {
    }

    /** @param sink writes a line (and the throwable behind it, if any) to the log */
    public NodeLogLimiter(Duration interval, LongSupplier nanoClock, BiConsumer<String, Throwable> sink) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.sink = sink;
    }

    /** Writes {@code line} about the node unless a line about it was written less than an interval ago. */
    public void log(String nodeName, String line, Throwable cause) {
        long now = nanoClock.getAsLong();
        long[] heldBefore = new long[1];
        Window window = byNode.compute(nodeName, (node, last) -> {
            if (last == null || now - last.writtenAt() >= intervalNanos) {
                heldBefore[0] = last == null ? 0 : last.heldBack();
                return new Window(now, 0, true);
            }
            return new Window(last.writtenAt(), last.heldBack() + 1, false);
        });
        if (window.write()) {
            sink.accept(heldBefore[0] == 0 ? line
                    : line + " (" + heldBefore[0] + " such lines about node " + nodeName + " held back before it)", cause);
        }
    }
}
