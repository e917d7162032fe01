package io.kedge.metamanager;

import io.kedge.api.bus.BatchMessageHandler;
import io.kedge.api.bus.BusFullException;
import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.CloudGroups;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.bus.MessageHandler;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.meta.ApplyStats;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.node.NodeDataDirectory;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceScope;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MetaManager: keeps every object the cloud sent (bus group {@code meta}), offers them as
 * {@link MetaStore} and to {@link MetaListener}s. A configuration change reopens the store.
 *
 * <p>The bus handler is registered by hand once the store is open: as a DS service it would form a
 * cycle (the bus binds every handler, this component needs the bus) that SCR reports as an error.
 */
@Component(service = MetaStore.class, immediate = true, configurationPid = "io.kedge.metamanager")
@Designate(ocd = MetaManagerConfiguration.class)
public class MetaManager implements MetaStore {
    static final String DATABASE_FILE = "meta.db";
    private static final Logger LOG = LoggerFactory.getLogger(MetaManager.class);

    private final EventDispatcher dispatcher;
    private final ObjectStore store;
    private final MetaMessages messages;
    private final ScheduledExecutorService retries;
    private final ServiceRegistration<MessageHandler> handler;

    @Activate
    public MetaManager(BundleContext context, MetaManagerConfiguration config, @Reference MessageBus bus,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) {
        dispatcher = new EventDispatcher(executors.newSerialExecutor("events"));
        Duration retryInterval = Duration.ofSeconds(Math.max(1, config.write_retry_seconds()));
        store = new ObjectStore(databaseFile(context, config), config.busy_timeout_millis(), retryInterval, dispatcher);
        messages = new MetaMessages(store, (group, message) -> send(bus, group, message));
        retries = executors.newSerialExecutor("write-retry");
        retries.scheduleWithFixedDelay(store::retryPending, retryInterval.toMillis(), retryInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(MessageHandler.GROUP, BusGroups.META);
        // what @CloudGroups declares on a DS handler: EdgeHub routes the cloud's objects here
        properties.put(CloudGroups.PROPERTY, Groups.RESOURCE);
        handler = context.registerService(MessageHandler.class, new BatchMessageHandler() {
            @Override
            public void handle(Message message) {
                messages.handle(message);
            }

            @Override
            public void handleAll(List<Message> batch) {
                messages.handleAll(batch);
            }
        }, properties);
    }

    @Deactivate
    void deactivate() {
        try {
            handler.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it with the stopping bundle
        }
        retries.shutdownNow();
        try {
            retries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.close();
        store.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(MetaListener listener, Map<String, Object> properties) {
        Set<String> types = typesOf(properties.get(MetaListener.TYPES));
        store.snapshotTo((held, revision) -> dispatcher.subscribe(listener, types, held, revision));
    }

    void unbindListener(MetaListener listener) {
        dispatcher.unsubscribe(listener);
    }

    @Override
    public Optional<MetaObject> get(String namespace, String type, String name) {
        return store.get(namespace, type, name);
    }

    @Override
    public List<MetaObject> list(String type, String namespace) {
        return store.list(type, namespace);
    }

    @Override
    public long revision() {
        return store.revision();
    }

    @Override
    public Map<String, String> inventory() {
        return store.inventory();
    }

    @Override
    public ApplyStats applyStats() {
        return store.applyStats();
    }

    /**
     * Configured path, else {@code meta.db} in {@link NodeDataDirectory}'s folder. Not the
     * NodeIdentity service's: the store opens without a node identity (before the node is
     * configured, or while its configuration is replaced) and keeps its objects through that.
     */
    static Path databaseFile(BundleContext context, MetaManagerConfiguration config) {
        if (!config.database_path().isBlank()) {
            return Path.of(config.database_path());
        }
        return NodeDataDirectory.of(context).resolve(DATABASE_FILE);
    }

    private static void send(MessageBus bus, String group, Message message) {
        try {
            bus.send(group, message);
        } catch (BusFullException e) {
            // Unanswered, the cloud sends the change again later; a local requester times out.
            LOG.warn("Reply {} not sent: {}", message, e.getMessage());
        }
    }

    private static Set<String> typesOf(Object property) {
        if (property instanceof String type) {
            return Set.of(type);
        }
        if (property instanceof String[] types) {
            return Set.copyOf(Arrays.asList(types));
        }
        if (property instanceof Collection<?> types) {
            return types.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return Set.of();
    }
}
