package io.kedge.eventbus;

import io.kedge.protocol.LogSafe;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Takes received messages off the broker's threads and hands them, one at a time and in order, to
 * the listeners and the bridge. At most {@code maxQueued} wait; beyond, new ones are dropped for
 * them (the broker still delivers them to its MQTT subscribers) with a log line.
 */
final class Delivery {
    private static final ThrottledLog WARN = new ThrottledLog(LoggerFactory.getLogger(Delivery.class));

    private final Executor serial;
    private final int maxQueued;
    private final Consumer<Inbound> sink;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    Delivery(Executor serial, int maxQueued, Consumer<Inbound> sink) {
        this.serial = serial;
        this.maxQueued = maxQueued;
        this.sink = sink;
    }

    /** Queues one message; called on broker threads, never blocks. */
    void offer(Inbound message) {
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            drop(message, "the delivery queue is full");
            return;
        }
        try {
            serial.execute(() -> {
                queued.decrementAndGet();
                sink.accept(message);
            });
        } catch (RejectedExecutionException stopping) {
            queued.decrementAndGet();
            drop(message, "the event bus is stopping");
        }
    }

    long dropped() {
        return dropped.get();
    }

    int queued() {
        return queued.get();
    }

    private void drop(Inbound message, String why) {
        dropped.incrementAndGet();
        WARN.warn(why, "MQTT message on {} from client '{}' not passed to listeners and bus: {}",
                LogSafe.of(message.topic()), LogSafe.of(message.clientId()), why);
    }
}
