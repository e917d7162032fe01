package io.kedge.edgehub;

import io.kedge.api.bus.CloudGroups;
import io.kedge.api.bus.MessageHandler;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which bus group receives a message from the cloud, by its envelope group: learnt from the
 * {@link MessageHandler} services that declare {@link CloudGroups} (whiteboard), as KubeEdge routes.
 *
 * <p>A route once seen is kept while this bundle runs: a module stopped for an update has no
 * handler for a while, and the bus keeps its messages until it is back. Immediate, so that an
 * EdgeHub restarted by a configuration edit finds the routes it had.
 */
@Component(service = CloudRoutes.class, immediate = true)
public class CloudRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(CloudRoutes.class);

    private final Map<String, String> busGroupByCloudGroup = new ConcurrentHashMap<>();
    private final List<Runnable> routeListeners = new CopyOnWriteArrayList<>();

    @Reference(service = MessageHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = "(" + CloudGroups.PROPERTY + "=*)",
            unbind = "unbindHandler", updated = "updatedHandler")
    void bindHandler(ServiceReference<MessageHandler> handler) {
        learn(handler.getProperty(CloudGroups.PROPERTY), handler.getProperty(MessageHandler.GROUP),
                "handler " + handler.getProperty("service.id") + " of bundle " + handler.getBundle());
    }

    void updatedHandler(ServiceReference<MessageHandler> handler) {
        bindHandler(handler);
    }

    void unbindHandler(ServiceReference<MessageHandler> handler) {
        // the route stays: the bus keeps the group's messages until a handler is back
    }

    /**
     * Learns that {@code declarer} serves the cloud groups in {@code cloudGroups} on its bus group.
     * A later declaration of the same cloud group replaces an earlier one.
     */
    void learn(Object cloudGroups, Object busGroup, String declarer) {
        List<String> busGroups = strings(busGroup);
        if (busGroups.size() != 1) {
            LOG.warn("Ignoring the cloud groups of {}: it needs exactly one '{}', has {}", declarer,
                    MessageHandler.GROUP, busGroups);
            return;
        }
        String target = busGroups.get(0);
        boolean newRoute = false;
        for (String cloudGroup : strings(cloudGroups)) {
            String before = busGroupByCloudGroup.put(cloudGroup, target);
            if (before == null) {
                newRoute = true;
                LOG.info("Cloud group '{}' goes to bus group '{}' ({})", cloudGroup, target, declarer);
            } else if (!before.equals(target)) {
                LOG.warn("Cloud group '{}' now goes to bus group '{}' instead of '{}' ({})", cloudGroup, target,
                        before, declarer);
            }
        }
        if (newRoute) {
            routeListeners.forEach(Runnable::run);
        }
    }

    /** {@code listener} runs (on the declaring thread) each time a cloud group gets a new route. */
    void addRouteListener(Runnable listener) {
        routeListeners.add(listener);
    }

    void removeRouteListener(Runnable listener) {
        routeListeners.remove(listener);
    }

    Optional<String> busGroupFor(String envelopeGroup) {
        return envelopeGroup == null ? Optional.empty() : Optional.ofNullable(busGroupByCloudGroup.get(envelopeGroup));
    }

    private static List<String> strings(Object property) {
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
