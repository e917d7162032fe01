package io.kedge.cloud.edgecontroller;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.cloud.hub.Downlink;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what nodes report about themselves (registration, node status, pod status) to the API
 * server: per node one write at a time, at most {@code writesPerSecond} with a {@code burst}, and
 * of each object only the latest report.
 *
 * <p>A report waits under its object's key until a token of its node's bucket lets it be written;
 * the node gets its reply once the write is done. A newer report of the same object that arrives
 * meanwhile (while the earlier one waits, or while a write of that object is on its way) replaces
 * the waiting one and takes its place at the end of the node's queue: writes so happen in the order
 * the node sent the reports, leaving out replaced ones. A replaced report is answered at once with a
 * response, {@value #SUPERSEDED}: the node's newer report of the same object says everything it
 * said, so the node's outbox may drop it (the edge outbox coalesces by the same key anyway).
 *
 * <p>Memory per node is bounded: at most {@code maxPendingReports} objects and about
 * {@code maxPendingBytes} of content wait; beyond that a report of another object is answered
 * {@link ErrorReplies#unavailable} and the node sends it again later. Nothing is dropped silently.
 */
public final class ReportWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);
    static final String SUPERSEDED = "superseded";

    /**
     * @param writesPerSecond   API writes per second one node's reports may cause, on average
     * @param burst             writes a node that was quiet may make at once
     * @param maxPendingReports objects of one node waiting to be written
     * @param maxPendingBytes   content (JSON characters) of one node waiting to be written; one report
     *                          is always taken, however large (the frame limit bounds it)
     * @param threads           threads writing for all nodes
     */
    record Settings(double writesPerSecond, int burst, int maxPendingReports, long maxPendingBytes, int threads) {
        /** With room for every pod a node may run (110 by default) several times over. */
        static Settings of(double writesPerSecond, int burst, int threads) {
            return new Settings(writesPerSecond, burst, 512, 8L * 1024 * 1024, threads);
        }
    }

    /** The API write of one report; returns the reply for the node. Runs on a writer thread and may block. */
    @FunctionalInterface
    public interface Write {
        Message apply();
    }

    private record Pending(Message report, long bytes, Write write) {
    }

    /** One node's waiting reports, oldest first, and its bucket; guarded by itself. */
    private static final class NodeQueue {
        final String nodeName;
        final TokenBucket bucket;
        final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
        long pendingBytes;
        boolean draining;

        NodeQueue(String nodeName, TokenBucket bucket) {
            this.nodeName = nodeName;
            this.bucket = bucket;
        }
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService threads;
    // One entry per node name that ever reported (names are authenticated): keeps each node's bucket,
    // so a node cannot earn a fresh burst by pausing between reports.
    private final ConcurrentMap<String, NodeQueue> queues = new ConcurrentHashMap<>();
    private volatile Downlink downlink = (node, message) -> Downlink.SendResult.NOT_CONNECTED;

    ReportWriter(Settings settings) {
        this(settings, System::nanoTime);
    }

    ReportWriter(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(settings.threads(), task -> {
            Thread thread = new Thread(task, "kedge-report-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.threads = pool;
    }

    /** Where replies go; before CloudHub accepts nodes. */
    void start(Downlink replies) {
        this.downlink = replies;
    }

    /**
     * Queues {@code report} for writing by {@code write}, replacing a waiting report of the same
     * {@code objectKey} from this node.
     *
     * @param bytes the report's size, for the node's memory bound
     * @return a reply to send now (when the node has too much waiting), or null: the reply follows
     *         through the downlink
     */
    public Message submit(String nodeName, String objectKey, Message report, long bytes, Write write) {
        NodeQueue queue = queues.computeIfAbsent(nodeName, name -> new NodeQueue(name,
                new TokenBucket(settings.writesPerSecond(), settings.burst(), nanoTime.getAsLong())));
        Pending replaced;
        boolean startDrain = false;
        synchronized (queue) {
            replaced = queue.pending.get(objectKey);
            long othersBytes = queue.pendingBytes - (replaced == null ? 0 : replaced.bytes());
            int others = queue.pending.size() - (replaced == null ? 0 : 1);
            if (others >= settings.maxPendingReports()
                    || (others > 0 && othersBytes + bytes > settings.maxPendingBytes())) {
                return ErrorReplies.unavailable(report, EdgeController.SOURCE, others + " reports of node "
                        + nodeName + " wait to be written to the API server; send again later");
            }
            if (replaced != null) {
                queue.pending.remove(objectKey); // the newer report goes to the end, after what came before it
            }
            queue.pending.put(objectKey, new Pending(report, bytes, write));
            queue.pendingBytes = othersBytes + bytes;
            if (!queue.draining) {
                queue.draining = true;
                startDrain = true;
            }
        }
        if (replaced != null) {
            reply(nodeName, Message.responseTo(replaced.report(), EdgeController.SOURCE, TextNode.valueOf(SUPERSEDED)));
        }
        if (startDrain) {
            schedule(queue, 0);
        }
        return null;
    }

    /** Writes the node's reports while its bucket has tokens, then comes back when the next one is due. */
    private void drain(NodeQueue queue) {
        while (true) {
            Pending next;
            synchronized (queue) {
                if (queue.pending.isEmpty()) {
                    queue.draining = false;
                    return;
                }
                long wait = queue.bucket.take(nanoTime.getAsLong());
                if (wait > 0) {
                    schedule(queue, wait);
                    return;
                }
                Iterator<Pending> oldest = queue.pending.values().iterator();
                next = oldest.next();
                oldest.remove();
                queue.pendingBytes -= next.bytes();
            }
            reply(queue.nodeName, write(queue.nodeName, next));
        }
    }

    private Message write(String nodeName, Pending pending) {
        try {
            return pending.write().apply();
        } catch (RuntimeException | Error e) {
            // The queue must go on: this node's later reports, and every other node's, still get written.
            LOG.warn("Writing {} from node {} failed", pending.report(), nodeName, e);
            return ErrorReplies.unavailable(pending.report(), EdgeController.SOURCE, "cloud failed: " + e);
        }
    }

    private void schedule(NodeQueue queue, long delayNanos) {
        try {
            threads.schedule(() -> drain(queue), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // closed: the nodes send what was not answered again to the next cloud-app
        }
    }

    private void reply(String nodeName, Message reply) {
        if (reply == null) {
            return;
        }
        Downlink.SendResult result = downlink.reply(nodeName, reply);
        if (result != Downlink.SendResult.SENT) {
            // The node resends what it got no answer for.
            LOG.debug("Reply to node {} not sent ({}): {}", nodeName, result, reply);
        }
    }

    /** Reports of the node waiting to be written (not counting one being written). */
    int pending(String nodeName) {
        NodeQueue queue = queues.get(nodeName);
        if (queue == null) {
            return 0;
        }
        synchronized (queue) {
            return queue.pending.size();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
