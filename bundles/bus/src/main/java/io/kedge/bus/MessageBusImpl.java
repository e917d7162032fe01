package io.kedge.bus;

import io.kedge.api.bus.BusFullException;
import io.kedge.api.bus.GroupStats;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.bus.MessageHandler;
import io.kedge.bus.exec.ModuleExecutors;
import io.kedge.bus.exec.SharedThreads;
import io.kedge.bus.exec.SharedThreadsComponent;
import io.kedge.protocol.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus: one {@link GroupQueue} per group, handlers bound from the service registry. Handlers
 * may come and go at any time; queued messages wait for the next one. A configuration edit applies
 * to the running bus ({@link Modified}): restarting it would drop what is queued and restart every
 * component that holds it.
 */
// Immediate: a delayed component would be discarded, queue and all, whenever no module uses it.
@Component(service = MessageBus.class, immediate = true, configurationPid = "io.kedge.bus")
@Designate(ocd = BusConfiguration.class)
public class MessageBusImpl implements MessageBus {
    private static final Logger LOG = LoggerFactory.getLogger(MessageBusImpl.class);

    private final Map<String, GroupQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Message>> pendingRequests = new ConcurrentHashMap<>();
    private final Map<MessageHandler, List<String>> handlerGroups = new ConcurrentHashMap<>();
    private volatile int capacity;
    private volatile long sendTimeoutMillis;
    private volatile long retryDelayMillis;
    private final ExecutorService drainers;
    private final ScheduledExecutorService timers;

    @Activate
    public MessageBusImpl(BusConfiguration config, @Reference SharedThreadsComponent shared) {
        this(config.queue_capacity(), config.send_timeout_millis(), config.retry_delay_millis(),
                new ModuleExecutors("bus", shared.threads()).newSerialExecutor("timers"));
    }

    /** @param timers a serial executor of our own, for reply timeouts and retries: {@link #deactivate()} shuts it down */
    MessageBusImpl(int capacity, long sendTimeoutMillis, long retryDelayMillis, ScheduledExecutorService timers) {
        this.capacity = capacity;
        this.sendTimeoutMillis = sendTimeoutMillis;
        this.retryDelayMillis = retryDelayMillis;
        // Our own pool, not the node's bounded one: a handler may wait for a reply that another
        // group's drain delivers, so a bounded pool could deadlock. Idle drainers end after 60 s.
        this.drainers = Executors.newCachedThreadPool(SharedThreads.named("bus"));
        this.timers = timers;
    }

    /** Applies an edited configuration to the live bus; nothing queued is dropped. */
    @Modified
    void modified(BusConfiguration config) {
        applyLimits(config.queue_capacity(), config.send_timeout_millis(), config.retry_delay_millis());
    }

    /** New bounds for every queue, present and future; see {@link GroupQueue#capacity(int)}. */
    synchronized void applyLimits(int newCapacity, long newSendTimeoutMillis, long newRetryDelayMillis) {
        capacity = newCapacity;
        sendTimeoutMillis = newSendTimeoutMillis;
        retryDelayMillis = newRetryDelayMillis;
        queues.values().forEach(queue -> queue.capacity(newCapacity));
        LOG.info("Message bus limits now: {} messages per group, send timeout {} ms, retry delay {} ms",
                newCapacity, newSendTimeoutMillis, newRetryDelayMillis);
    }

    @Deactivate
    void deactivate() {
        timers.shutdownNow();
        drainers.shutdownNow();
        pendingRequests.values().forEach(f -> f.cancel(false));
        List<GroupStats> left = stats().stream().filter(s -> s.queued() > 0).toList();
        if (!left.isEmpty()) {
            LOG.warn("Message bus stopping with undelivered messages: {}", left);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindHandler(MessageHandler handler, Map<String, Object> properties) {
        List<String> groups = groupsOf(properties.get(MessageHandler.GROUP));
        if (groups.isEmpty()) {
            LOG.warn("Ignoring message handler {} without a '{}' property", handler, MessageHandler.GROUP);
            return;
        }
        handlerGroups.put(handler, groups);
        for (String group : groups) {
            GroupQueue queue = queue(group);
            queue.setHandler(handler);
            LOG.debug("Handler bound for group {}", group);
            startDrain(queue);
        }
    }

    void unbindHandler(MessageHandler handler) {
        List<String> groups = handlerGroups.remove(handler);
        if (groups != null) {
            groups.forEach(group -> queue(group).clearHandler(handler));
        }
    }

    @Override
    public void send(String group, Message message) throws BusFullException {
        if (message.isResponse() && respond(message)) {
            return;
        }
        GroupQueue queue = queue(group);
        boolean queued;
        try {
            queued = queue.offer(message, sendTimeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        if (!queued) {
            throw new BusFullException(group, capacity);
        }
        startDrain(queue);
    }

    @Override
    public boolean respond(Message response) {
        CompletableFuture<Message> waiting = pendingRequests.remove(response.parentId());
        if (waiting == null) {
            return false;
        }
        waiting.complete(response);
        return true;
    }

    @Override
    public CompletableFuture<Message> request(String group, Message message, Duration timeout) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        pendingRequests.put(message.id(), reply);
        reply.whenComplete((r, e) -> {
            pendingRequests.remove(message.id(), reply);
            if (reply.isCancelled()) {
                queue(group).withdraw(message.id());
            }
        });
        ScheduledFuture<?> expiry = timers.schedule(() -> {
            if (reply.completeExceptionally(new TimeoutException("no reply to " + message + " within " + timeout))) {
                queue(group).withdraw(message.id());
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((r, e) -> expiry.cancel(false)); // answered: free the timer's slot at once
        try {
            send(group, message.withSync(true));
        } catch (BusFullException e) {
            reply.completeExceptionally(e);
        }
        return reply;
    }

    @Override
    public List<GroupStats> stats() {
        List<GroupStats> result = new ArrayList<>();
        queues.values().forEach(q -> result.add(q.stats()));
        result.sort((a, b) -> a.group().compareTo(b.group()));
        return result;
    }

    private GroupQueue queue(String group) {
        GroupQueue queue = queues.get(group);
        return queue != null ? queue : newQueue(group);
    }

    /** Under the lock of {@link #applyLimits}: a queue made while the limits change gets the new bound. */
    private synchronized GroupQueue newQueue(String group) {
        return queues.computeIfAbsent(group, g -> new GroupQueue(g, capacity));
    }

    private void startDrain(GroupQueue queue) {
        if (queue.claimDrain()) {
            try {
                drainers.execute(() -> queue.drain(this::retryLater));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("Bus is stopping; group {} not drained", queue.group());
            }
        }
    }

    private void retryLater(GroupQueue queue) {
        try {
            timers.schedule(() -> startDrain(queue), retryDelayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Bus is stopping; no retry for group {}", queue.group());
        }
    }

    private static List<String> groupsOf(Object property) {
        if (property instanceof String s) {
            return List.of(s);
        }
        if (property instanceof String[] array) {
            return Arrays.asList(array);
        }
        if (property instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
