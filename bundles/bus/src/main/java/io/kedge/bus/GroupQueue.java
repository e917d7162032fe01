package io.kedge.bus;

import io.kedge.api.bus.DeliveryException;
import io.kedge.api.bus.GroupStats;
import io.kedge.api.bus.MessageHandler;
import io.kedge.protocol.Message;
import java.util.ArrayDeque;
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
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Message> messages = new ArrayDeque<>();
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

    /** Delivers queued messages until the queue is empty, the handler leaves, or it refuses one. */
    void drain(RetryScheduler retry) {
        while (true) {
            Message next;
            MessageHandler target;
            lock.lock();
            try {
                next = messages.peekFirst();
                target = handler;
                if (next == null || target == null) {
                    draining = false;
                    return;
                }
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
                if (messages.peekFirst() == next) {
                    messages.pollFirst();
                    notFull.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
        retry.retryLater(this);
    }

    /** Returns false when the handler refused the message and it must stay queued. */
    private boolean deliver(MessageHandler target, Message message) {
        try {
            target.handle(message);
            countDelivered();
            return true;
        } catch (DeliveryException e) {
            LOG.debug("Group {} refused {}: {}; keeping it", group, message, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // A handler bug must not block the group forever: drop this message, loudly.
            LOG.error("Handler of group {} failed on {}; message dropped", group, message, e);
            countFailed();
            return true;
        }
    }

    private void countDelivered() {
        lock.lock();
        try {
            delivered++;
        } finally {
            lock.unlock();
        }
    }

    private void countFailed() {
        lock.lock();
        try {
            failed++;
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
