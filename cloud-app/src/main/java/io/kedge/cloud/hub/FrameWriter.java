package io.kedge.cloud.hub;

import io.kedge.protocol.FrameBuilder;
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
 * everything that queued while the previous frame was on its way goes out together as one batch
 * frame. A busy node so costs one WebSocket frame and one TLS record per batch instead of per
 * message, the frames keep their order, and the callers (the edge sync loop, hub workers) never
 * encode or encrypt. Cloud-initiated messages are bounded per node; replies are not, as they are
 * bounded by the node's own requests.
 */
final class FrameWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);
    /** Messages per frame: enough to amortise the per-frame cost, few enough to keep frames small. */
    static final int MAX_BATCH = 256;

    private record Queued(Message message, boolean counted) {
    }

    private final String nodeName;
    private final Session session;
    private final MessageCodec codec;
    private final Executor writers;
    private final int limit;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** Cloud-initiated messages queued or being written; guarded by {@code this}. */
    private int counted;
    /** A writer owns the queue's head: set when a drain is scheduled, cleared when it found nothing. */
    private boolean writing;

    FrameWriter(String nodeName, Session session, MessageCodec codec, Executor writers, int limit) {
        this.nodeName = nodeName;
        this.session = session;
        this.codec = codec;
        this.writers = writers;
        this.limit = limit;
    }

    /** Queues a cloud-initiated message unless {@code limit} of them still wait to be written. */
    Downlink.SendResult offer(Message message) {
        if (!session.isOpen()) {
            return Downlink.SendResult.NOT_CONNECTED;
        }
        synchronized (this) {
            if (counted >= limit) {
                return Downlink.SendResult.QUEUE_FULL;
            }
            counted++;
        }
        enqueue(new Queued(message, true));
        return Downlink.SendResult.SENT;
    }

    /** Queues a reply; a closed session drops it (the node asks again). */
    void send(Message message) {
        if (!session.isOpen()) {
            LOG.debug("Node {} is gone, dropping {}", nodeName, message);
            return;
        }
        enqueue(new Queued(message, false));
    }

    /** Messages waiting to be written, replies included. */
    synchronized int queued() {
        return queue.size();
    }

    private void enqueue(Queued item) {
        boolean startWriter;
        synchronized (this) {
            queue.add(item);
            startWriter = !writing;
            writing = true;
        }
        if (startWriter) {
            schedule();
        }
    }

    private void schedule() {
        try {
            writers.execute(this::writeQueued);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Hub stopping: {} messages to node {} not written", queued(), nodeName);
        }
    }

    /** Sends what is queued now as frames; the last frame's completion schedules the next round. */
    private void writeQueued() {
        List<Queued> batch = new ArrayList<>();
        synchronized (this) {
            while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            if (batch.isEmpty()) {
                writing = false;
                return;
            }
        }
        FrameBuilder frame = new FrameBuilder(FrameBuilder.DEFAULT_BUDGET_CHARS);
        int countedInFrame = 0;
        int unsendable = 0;
        for (Queued item : batch) {
            String text;
            try {
                text = codec.encode(item.message());
            } catch (ProtocolException e) {
                // Never sendable (larger than a frame): for the sender it went, and no ack comes back.
                LOG.warn("Cannot send {} to node {}: {}", item.message(), nodeName, e.getMessage());
                unsendable += item.counted() ? 1 : 0;
                continue;
            }
            if (!frame.fits(text)) {
                write(frame, countedInFrame, false);
                countedInFrame = 0;
            }
            frame.add(text);
            countedInFrame += item.counted() ? 1 : 0;
        }
        release(unsendable);
        if (frame.isEmpty()) {
            schedule();
        } else {
            write(frame, countedInFrame, true);
        }
    }

    /** Sends the frame built so far, which leaves {@code frame} empty. */
    private void write(FrameBuilder frame, int countedInFrame, boolean last) {
        int messages = frame.size();
        session.sendText(frame.take(), Callback.from(() -> written(countedInFrame, last), failure -> {
            LOG.debug("Writing {} messages to node {} failed: {}", messages, nodeName, failure.toString());
            written(countedInFrame, last);
        }));
    }

    private void written(int countedInFrame, boolean last) {
        release(countedInFrame);
        if (last) {
            schedule();
        }
    }

    private synchronized void release(int messages) {
        counted -= messages;
    }
}
