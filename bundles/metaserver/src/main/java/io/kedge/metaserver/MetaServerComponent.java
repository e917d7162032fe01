package io.kedge.metaserver;

import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.outbox.UpstreamOutbox;
import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceScope;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the MetaServer while a store is there. Its watch feed is registered as a {@link MetaListener}
 * after the port is bound, carrying the address as service properties so that tools and tests find
 * the server when the port was chosen by the system.
 */
@Component(service = {}, immediate = true, configurationPid = MetaServerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MetaServerConfiguration.class)
public class MetaServerComponent {
    static final String PID = "io.kedge.metaserver";
    /** Service property of the registered listener: the port the server listens on. */
    static final String PORT_PROPERTY = "kedge.metaserver.port";
    /** Service property of the registered listener: the server's base URL. */
    static final String URL_PROPERTY = "kedge.metaserver.url";
    private static final Logger LOG = LoggerFactory.getLogger(MetaServerComponent.class);

    private final MetaServer server;
    private final ServiceRegistration<MetaListener> feed;

    /** Optional and dynamic: without it the server still reads; status reports get 503. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UpstreamOutbox outbox;

    /** Every module's figures, shown at {@code GET /metrics} (whiteboard). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<MetricsSource> metrics = List.of();

    @Activate
    public MetaServerComponent(BundleContext context, MetaServerConfiguration config, @Reference MetaStore store,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) throws IOException {
        server = MetaServer.start(store, settings(config), () -> Optional.ofNullable(outbox), () -> metrics,
                executors.newSerialExecutor("request-deadlines"));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PORT_PROPERTY, server.port());
        properties.put(URL_PROPERTY, server.url());
        feed = context.registerService(MetaListener.class, server.listener(), properties);
        LOG.info("MetaServer listening on {} (secrets {})", server.url(),
                config.secrets_enabled() ? "served" : "not served");
    }

    @Deactivate
    void deactivate() {
        try {
            feed.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters it when our bundle stops first
        }
        server.close();
    }

    private static ServerSettings settings(MetaServerConfiguration config) {
        return new ServerSettings(config.host(), config.port(), config.secrets_enabled(),
                Math.max(1, config.max_watchers()), Math.max(1, config.watcher_queue()), config.history_size(),
                Duration.ofSeconds(Math.max(1, config.watch_timeout_seconds())),
                Duration.ofSeconds(Math.max(1, config.bookmark_seconds())),
                new RequestLimits(Math.max(1, config.request_threads()), Math.max(1, config.max_body_bytes()),
                        Math.max(config.max_body_bytes(), config.max_body_bytes_in_flight()),
                        Duration.ofSeconds(Math.max(1, config.request_timeout_seconds())),
                        Duration.ofSeconds(Math.max(1, config.watch_heartbeat_seconds()))));
    }
}
