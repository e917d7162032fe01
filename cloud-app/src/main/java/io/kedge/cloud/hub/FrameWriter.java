package io.kedge.cloud.hub;

import io.kedge.protocol.FrameBuilder;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ProtocolException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing side of one node session. Callers only queue; a writer thread encodes and sends, and
 * everything that queued while the previous frames were on their way goes out together as batch
 * frames. A busy node so costs one WebSocket frame and one TLS record per batch instead of per
 * message, the frames keep their order, and the edge sync loop never encodes or encrypts.
 *
 * <p>Bounded twice. Cloud-initiated messages by count ({@code limit}: beyond it {@link #offer} says
 * {@code QUEUE_FULL} and the node is repaired by an inventory diff). And everything unsent by bytes:
 * replies (encoded by the worker that made them, so their size is known when they queue) plus the
 * frames handed to Jetty whose write has not completed. A node that asks and never reads its socket
 * so cannot grow the heap: past {@code maxUnsentBytes} its connection is dropped, and its next
 * connection re-syncs it. One round of frames holds about {@link #ROUND_BYTES}, so a node that reads
 * stays far below the bound.
 */
final class FrameWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);
    /** Messages per round: enough to amortise the per-frame cost, few enough to keep frames small. */
    static final int MAX_BATCH = 256;
    /** Encoded characters one round hands to Jetty, beyond the message that crosses it. */
    static final int ROUND_BYTES = 2 * FrameBuilder.DEFAULT_BUDGET_CHARS;

    /** A message to write; {@code encoded} is already there for a reply, null for a cloud-initiated one. */
    private record Queued(Message message, String encoded, boolean counted) {
    }

    private final String nodeName;
    private final Session session;
    private final MessageCodec codec;
    private final Executor writers;
    private final int limit;
    private final long maxUnsentBytes;
    private final ProcessErrors errors;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** Cloud-initiated messages queued or being written; guarded by {@code this}. */
    private int counted;
    /** Characters of the encoded replies in the queue; guarded by {@code this}. */
    private long queuedBytes;
    /** Characters handed to Jetty and not yet written; guarded by {@code this}. */
    private long inFlightBytes;
    /** A writer owns the queue's head: set when a drain is scheduled, cleared when it found nothing. */
    private boolean writing;
    /** Set once the connection was dropped for going over its budget; guarded by {@code this}. */
    private boolean dropped;

    FrameWriter(String nodeName, Session session, MessageCodec codec, Executor writers, int limit,
            long maxUnsentBytes, ProcessErrors errors) {
        this.nodeName = nodeName;
        this.session = session;
        this.codec = codec;
        this.writers = writers;
        this.limit = limit;
        this.maxUnsentBytes = maxUnsentBytes;
        this.errors = errors;
    }

    /** Queues a cloud-initiated message unless {@code limit} of them still wait to be written. */
    Downlink.SendResult offer(Message message) {
        if (!session.isOpen()) {
            return Downlink.SendResult.NOT_CONNECTED;
        }
        synchronized (this) {
            if (dropped) {
                return Downlink.SendResult.NOT_CONNECTED;
            }
            if (counted >= limit) {
                return Downlink.SendResult.QUEUE_FULL;
            }
            counted++;
        }
        enqueue(new Queued(message, null, true), 0);
        return Downlink.SendResult.SENT;
    }

    /**
     * Queues a reply, encoded here on the caller's thread so that its bytes count at once; a closed
     * session drops it (the node asks again), a node over its budget loses its connection.
     */
    void send(Message message) {
        if (!session.isOpen()) {
            LOG.debug("Node {} is gone, dropping {}", nodeName, message);
            return;
        }
        String text;
        try {
            text = codec.encode(message);
        } catch (ProtocolException e) {
            LOG.warn("Cannot send {} to node {}: {}", LogSafe.of(message), nodeName, e.getMessage());
            return;
        }
        enqueue(new Queued(message, text, false), text.length());
    }

    /** Messages waiting to be written, replies included. */
    synchronized int queued() {
        return queue.size();
    }

    /** Characters queued as replies or handed to Jetty and not yet written. */
    synchronized long unsentBytes() {
        return queuedBytes + inFlightBytes;
    }

    private void enqueue(Queued item, long bytes) {
        boolean startWriter;
        synchronized (this) {
            if (dropped) {
                return;
            }
            long unsent = queuedBytes + inFlightBytes;
            // Something must be unsent already: one reply larger than the budget still goes to a node that reads.
            if (bytes > 0 && unsent > 0 && unsent + bytes > maxUnsentBytes) {
                startWriter = false;
            } else {
                queue.add(item);
                queuedBytes += bytes;
                startWriter = !writing;
                writing = true;
                bytes = 0;
            }
        }
        if (bytes > 0) {
            drop(bytes);
        } else if (startWriter) {
            schedule();
        }
    }

    /** Over budget: the node does not read. Dropping the connection frees what Jetty holds for it. */
    private void drop(long refusedBytes) {
        long unsent;
        synchronized (this) {
            if (dropped) {
                return;
            }
            dropped = true;
            unsent = queuedBytes + inFlightBytes;
            queue.clear();
            queuedBytes = 0;
        }
        LOG.warn("Node {} does not read what the cloud sends: {} bytes unsent and {} more to queue, at most {}: "
                + "dropping its connection (it is re-synced when it reconnects)", nodeName, unsent, refusedBytes,
                maxUnsentBytes);
        session.disconnect();
    }

    private void schedule() {
        try {
            writers.execute(this::writeQueuedContained);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Hub stopping: {} messages to node {} not written", queued(), nodeName);
        }
    }

    /** A writer that hit an Error would leave the queue owned forever: drop the connection instead. */
    private void writeQueuedContained() {
        try {
            writeQueued();
        } catch (Throwable e) {
            errors.record(e, "writing to node " + nodeName);
            LOG.warn("Writing to node {} failed: dropping its connection", nodeName, e);
            synchronized (this) {
                dropped = true;
                queue.clear();
            }
            session.disconnect();
        }
    }

    /** A message of this round as it goes on the wire. */
    private record Encoded(String text, boolean counted) {
    }

    /**
     * Sends what is queued now, up to a round's bytes, as frames; the last frame's completion
     * schedules the next round.
     */
    private void writeQueued() {
        List<Queued> batch = new ArrayList<>();
        synchronized (this) {
            while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            if (batch.isEmpty() || dropped) {
                writing = false;
                return;
            }
        }
        List<Encoded> round = new ArrayList<>(batch.size());
        long roundBytes = 0;
        long replyBytes = 0;
        int unsendable = 0;
        int taken = 0;
        while (taken < batch.size() && roundBytes < ROUND_BYTES) {
            Queued item = batch.get(taken++);
            String text = item.encoded();
            if (text != null) {
                replyBytes += text.length();
            } else {
                text = encode(item.message());
            }
            if (text == null) {
                unsendable += item.counted() ? 1 : 0;
            } else {
                round.add(new Encoded(text, item.counted()));
                roundBytes += text.length();
            }
        }
        synchronized (this) {
            for (int i = batch.size() - 1; i >= taken; i--) {
                queue.addFirst(batch.get(i));
            }
            queuedBytes -= replyBytes;
            inFlightBytes += roundBytes;
            counted -= unsendable;
        }
        if (round.isEmpty()) {
            schedule();
            return;
        }
        FrameBuilder frame = new FrameBuilder(FrameBuilder.DEFAULT_BUDGET_CHARS);
        int countedInFrame = 0;
        long bytesInFrame = 0;
        for (Encoded encoded : round) {
            if (!frame.fits(encoded.text())) {
                write(frame, countedInFrame, bytesInFrame, false);
                countedInFrame = 0;
                bytesInFrame = 0;
            }
            frame.add(encoded.text());
            bytesInFrame += encoded.text().length();
            countedInFrame += encoded.counted() ? 1 : 0;
        }
        write(frame, countedInFrame, bytesInFrame, true);
    }

    private String encode(Message message) {
        try {
            return codec.encode(message);
        } catch (ProtocolException e) {
            // Never sendable (larger than a frame): for the sender it went, and no ack comes back.
            LOG.warn("Cannot send {} to node {}: {}", LogSafe.of(message), nodeName, e.getMessage());
            return null;
        }
    }

    /** Sends the frame built so far, which leaves {@code frame} empty. */
    private void write(FrameBuilder frame, int countedInFrame, long bytesInFrame, boolean last) {
        int messages = frame.size();
        session.sendText(frame.take(), Callback.from(() -> written(countedInFrame, bytesInFrame, last), failure -> {
            LOG.debug("Writing {} messages to node {} failed: {}", messages, nodeName, failure.toString());
            written(countedInFrame, bytesInFrame, last);
        }));
    }

    private void written(int countedInFrame, long bytesInFrame, boolean last) {
        synchronized (this) {
            counted -= countedInFrame;
            inFlightBytes -= bytesInFrame;
        }
        if (last) {
            schedule();
        }
    }
}
