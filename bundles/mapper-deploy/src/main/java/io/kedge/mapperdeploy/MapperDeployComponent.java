package io.kedge.mapperdeploy;

import io.kedge.api.bus.BusGroup;
import io.kedge.api.bus.CloudGroups;
import io.kedge.api.bus.MessageHandler;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.node.NodeIdentity;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceScope;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's receiver of mapper bundles pushed by the cloud (bus group {@value #BUS_GROUP}, cloud
 * group {@code mapper}): see {@link MapperBundleHandler} for who may send and what it may touch.
 * Installs run one at a time on a serial executor of the node's shared threads (no thread of its
 * own); answers go to the cloud through the outbox, so they survive a lost link and a restart. On
 * activation, mappers recorded in {@code DIR/mapper-deploy} but missing from the framework are
 * installed again.
 */
@Component(service = MessageHandler.class, immediate = true, configurationPid = "io.kedge.mapperdeploy")
@Designate(ocd = MapperDeployConfiguration.class)
@BusGroup(MapperDeployComponent.BUS_GROUP)
@CloudGroups(Groups.MAPPER)
public class MapperDeployComponent implements MessageHandler {
    static final String BUS_GROUP = "mapperdeploy";
    static final String SOURCE = "mapperdeploy";
    private static final Logger LOG = LoggerFactory.getLogger(MapperDeployComponent.class);

    private final ScheduledExecutorService serial;
    private final UpstreamOutbox outbox;
    private final long retrySeconds;
    private final MapperBundleHandler handler;
    /** The latest answer per mapper: a retry never puts an older answer over a newer one. */
    private final java.util.Map<String, MapperBundleResult> latest = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public MapperDeployComponent(MapperDeployConfiguration config, BundleContext context,
            @Reference NodeIdentity identity, @Reference UpstreamOutbox outbox,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) {
        this.serial = executors.newSerialExecutor("mapper-deploy");
        this.outbox = outbox;
        this.retrySeconds = Math.max(1, config.report_retry_seconds());
        MapperInstaller installer = new MapperInstaller(context,
                new InstalledMappers(identity.dataDirectory().resolve("mapper-deploy")),
                Duration.ofSeconds(Math.max(1, config.health_timeout_seconds())));
        this.handler = new MapperBundleHandler(serial, installer::install, this::report, installer::remove);
        serial.execute(() -> {
            try {
                installer.restore();
            } catch (IOException e) {
                LOG.warn("Could not read the mappers recorded in {}", identity.dataDirectory().resolve("mapper-deploy"), e);
            }
        });
    }

    @Deactivate
    void deactivate() {
        serial.shutdownNow();
    }

    @Override
    public void handle(Message message) {
        handler.handle(message);
    }

    private void report(MapperBundleResult result) {
        latest.put(result.name(), result);
        put(result);
    }

    private void put(MapperBundleResult result) {
        if (latest.get(result.name()) != result) {
            return;
        }
        try {
            outbox.put(result.outboxKey(), result.message(SOURCE));
        } catch (OutboxException e) {
            LOG.warn("The outbox did not take the answer about {}; trying again in {} s: {}", result.name(),
                    retrySeconds, e.getMessage());
            serial.schedule(() -> put(result), retrySeconds, TimeUnit.SECONDS);
        }
    }
}
