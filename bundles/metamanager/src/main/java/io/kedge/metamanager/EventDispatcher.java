package io.kedge.metamanager;

import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the {@link MetaListener}s one at a time, in order, so each sees changes in revision order. A new
 * listener's replay is queued behind the changes it already contains, and it receives live
 * changes only after its replay: nothing twice, nothing missed.
 */
final class EventDispatcher implements ObjectStore.ChangeSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final ExecutorService thread;
    private final Map<MetaListener, Subscription> subscriptions = new ConcurrentHashMap<>();

    /** @param serial runs one task at a time, in order (a serial executor of our own: {@link #close()} shuts it down) */
    EventDispatcher(ExecutorService serial) {
        this.thread = serial;
    }

    private static final class Subscription {
        final MetaListener listener;
        final Set<String> types;
        volatile boolean replayed;
        volatile boolean cancelled;

        Subscription(MetaListener listener, Set<String> types) {
            this.listener = listener;
            this.types = types;
        }

        boolean wants(MetaEvent event) {
            return !cancelled && (types.isEmpty() || types.contains(event.object().type()));
        }
    }

    /** Must be called with the store's lock held, so the snapshot and the queue agree (see {@link ObjectStore#snapshotTo}). */
    void subscribe(MetaListener listener, Set<String> types, List<MetaObject> held, long revision) {
        Subscription subscription = new Subscription(listener, types);
        subscriptions.put(listener, subscription);
        run(() -> {
            for (MetaObject object : held) {
                deliver(subscription, new MetaEvent(MetaEvent.Kind.ADDED, object, revision));
            }
            subscription.replayed = true;
        });
    }

    void unsubscribe(MetaListener listener) {
        Subscription subscription = subscriptions.remove(listener);
        if (subscription != null) {
            subscription.cancelled = true;
        }
    }

    @Override
    public void publish(List<MetaEvent> events) {
        run(() -> events.forEach(event -> subscriptions.values().stream()
                .filter(s -> s.replayed)
                .forEach(s -> deliver(s, event))));
    }

    private void deliver(Subscription subscription, MetaEvent event) {
        if (!subscription.wants(event)) {
            return;
        }
        try {
            subscription.listener.onChange(event);
        } catch (RuntimeException e) {
            LOG.error("MetaListener {} failed on {} of {}; it keeps receiving changes", subscription.listener,
                    event.kind(), event.object().key(), e);
        }
    }

    private void run(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("MetaManager is stopping; listeners not called");
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subscriptions.clear();
    }
}
