package io.kedge.bus;

import io.kedge.api.bus.BatchMessageHandler;
import io.kedge.api.bus.DeliveryException;
import io.kedge.api.bus.GroupStats;
import io.kedge.api.bus.MessageHandler;
import io.kedge.protocol.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages of one group and its current handler. At most one drain runs at a time, which keeps
 * delivery in order; a message leaves the queue only once a handler has taken it.
 */
final class GroupQueue {
    private static final Logger LOG = LoggerFactory.getLogger(GroupQueue.class);

    /** What a drain asks of its owner when a handler refused a message. */
    interface RetryScheduler {
        void retryLater(GroupQueue queue);
    }

    private final String group;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private int capacity;
    private MessageHandler handler;
    private boolean draining;
    private long delivered;
    private long failed;

    GroupQueue(String group, int capacity) {
        this.group = group;
        this.capacity = capacity;
    }

    String group() {
        return group;
    }

    /**
     * Changes the bound and keeps every queued message: above a lowered bound the queue only refuses
     * new messages until it drains below it; a raised one lets waiting senders in at once.
     */
    void capacity(int newCapacity) {
        lock.lock();
        try {
            capacity = newCapacity;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Appends a message, waiting up to {@code timeoutMillis} for room. */
    boolean offer(Message message, long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (messages.size() >= capacity) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            messages.addLast(message);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Withdraws a message that has not been delivered yet. */
    boolean withdraw(String messageId) {
        lock.lock();
        try {
            boolean removed = messages.removeIf(m -> m.id().equals(messageId));
            if (removed) {
                notFull.signalAll();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    void setHandler(MessageHandler newHandler) {
        lock.lock();
        try {
            handler = newHandler;
        } finally {
            lock.unlock();
        }
    }

    /** Clears the handler only if it is still {@code oldHandler}: a newer one may have replaced it. */
    void clearHandler(MessageHandler oldHandler) {
        lock.lock();
        try {
            if (handler == oldHandler) {
                handler = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Marks the queue as draining and returns true when the caller should run {@link #drain}. */
    boolean claimDrain() {
        lock.lock();
        try {
            if (draining || handler == null || messages.isEmpty()) {
                return false;
            }
            draining = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers queued messages until the queue is empty, the handler leaves, or it refuses some: one
     * at a time, or for a {@link BatchMessageHandler} as many as are queued, up to its batch size.
     */
    void drain(RetryScheduler retry) {
        while (true) {
            List<Message> next;
            MessageHandler target;
            lock.lock();
            try {
                target = handler;
                if (messages.isEmpty() || target == null) {
                    draining = false;
                    return;
                }
                next = head(target instanceof BatchMessageHandler ? BatchMessageHandler.MAX_BATCH : 1);
            } finally {
                lock.unlock();
            }
            boolean taken = deliver(target, next);
            lock.lock();
            try {
                if (!taken) {
                    draining = false;
                    break;
                }
                // A withdrawn message is gone already; the others are still at the head, in order.
                for (Message delivered : next) {
                    if (messages.peekFirst() == delivered) {
                        messages.pollFirst();
                    }
                }
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
        retry.retryLater(this);
    }

    private List<Message> head(int most) {
        List<Message> head = new ArrayList<>(Math.min(most, messages.size()));
        for (Message message : messages) {
            if (head.size() == most) {
                break;
            }
            head.add(message);
        }
        return head;
    }

    /** Returns false when the handler refused the messages and they must stay queued. */
    private boolean deliver(MessageHandler target, List<Message> batch) {
        try {
            if (batch.size() == 1) {
                target.handle(batch.get(0));
            } else {
                ((BatchMessageHandler) target).handleAll(batch);
            }
            countDelivered(batch.size());
            return true;
        } catch (DeliveryException e) {
            LOG.debug("Group {} refused {} messages from {}: {}; keeping them", group, batch.size(), batch.get(0),
                    e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // A handler bug must not block the group forever: drop these messages, loudly.
            LOG.error("Handler of group {} failed on {} messages from {}; dropped", group, batch.size(), batch.get(0), e);
            countFailed(batch.size());
            return true;
        }
    }

    private void countDelivered(int count) {
        lock.lock();
        try {
            delivered += count;
        } finally {
            lock.unlock();
        }
    }

    private void countFailed(int count) {
        lock.lock();
        try {
            failed += count;
        } finally {
            lock.unlock();
        }
    }

    GroupStats stats() {
        lock.lock();
        try {
            return new GroupStats(group, messages.size(), delivered, failed, handler != null);
        } finally {
            lock.unlock();
        }
    }
}
