package io.kedge.metamanager;

import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Message;
import io.kedge.protocol.ProtocolException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link UpstreamOutbox}: {@code outbox.db} beside MetaManager's {@code meta.db}, drained
 * to the cloud through the bus's hub group. Stopping or updating this bundle loses nothing: what was
 * put is on disk and the next activation sends it.
 */
@Component(service = UpstreamOutbox.class, immediate = true, configurationPid = "io.kedge.metamanager")
public class MetaOutbox implements UpstreamOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(MetaOutbox.class);

    private final OutboxDatabase database;
    private final OutboxPump pump;

    @Activate
    public MetaOutbox(BundleContext context, MetaManagerConfiguration config, @Reference MessageBus bus)
            throws SQLException {
        Path file = MetaManager.databaseFile(context, config).resolveSibling(OutboxDatabase.FILE);
        try {
            database = OutboxDatabase.open(file, config.busy_timeout_millis());
        } catch (SQLException e) {
            LOG.error("Cannot open the outbox {}: reports to the cloud are refused until it opens ({})", file,
                    e.getMessage());
            throw e;
        }
        pump = new OutboxPump(database, (message, timeout) -> bus.request(BusGroups.HUB, message, timeout),
                OutboxPump.Settings.defaults());
        OutboxStats stats = pump.stats();
        if (stats.depth() > 0) {
            LOG.info("Outbox {} holds {} messages for the cloud: sending them", file, stats.depth());
        }
    }

    @Deactivate
    void deactivate() {
        pump.close();
        database.close();
    }

    @Override
    public void put(String key, Message message) throws OutboxException {
        try {
            pump.put(key, message);
        } catch (SQLException e) {
            throw new OutboxException("cannot write the outbox: " + e.getMessage(), e);
        } catch (ProtocolException e) {
            throw new OutboxException("cannot encode " + message + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OutboxStats stats() {
        return pump.stats();
    }
}
