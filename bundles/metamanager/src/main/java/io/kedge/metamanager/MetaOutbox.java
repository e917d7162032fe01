package io.kedge.metamanager;

import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Message;
import io.kedge.protocol.ProtocolException;
import io.kedge.sqlite.SqliteFailures;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link UpstreamOutbox}: {@code outbox.db} beside MetaManager's {@code meta.db}, drained
 * to the cloud through the bus's hub group. Stopping or updating this bundle loses nothing: what was
 * put is on disk and the next activation sends it. Immediate, so that it does so even before anyone
 * puts anything. A file that cannot be opened (a disk not mounted yet) is tried again at every put.
 * Puts are committed in groups ({@link GroupCommit}) by a serial executor of the node's shared
 * threads, {@code outbox-writer}; the pump runs on another, {@code outbox}: no thread of its own.
 */
@Component(service = UpstreamOutbox.class, immediate = true, configurationPid = "io.kedge.metamanager")
public class MetaOutbox implements UpstreamOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(MetaOutbox.class);
    private static final OutboxStats UNREADABLE = new OutboxStats(-1, 0, 0, 0, 0, 0, 0);

    private record Running(OutboxDatabase database, OutboxPump pump, ScheduledExecutorService writer) {
    }

    private final Path file;
    private final int busyTimeoutMillis;
    private final int maxMegabytes;
    private final int maxGroup;
    private final OutboxPump.Requester requester;
    private final OutboxPump.Settings settings;
    private final NodeExecutors executors;
    private Running running; // guarded by this; null until the file opened
    private boolean closed; // guarded by this

    @Activate
    public MetaOutbox(BundleContext context, MetaManagerConfiguration config, @Reference MessageBus bus,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) {
        this.executors = executors;
        this.file = MetaManager.databaseFile(context, config).resolveSibling(OutboxDatabase.FILE);
        this.busyTimeoutMillis = config.busy_timeout_millis();
        this.maxMegabytes = Math.max(1, config.outbox_max_megabytes());
        this.maxGroup = Math.max(1, config.outbox_max_group());
        this.requester = (message, timeout) -> bus.request(BusGroups.HUB, message, timeout);
        this.settings = OutboxPump.Settings.defaults(
                Duration.ofSeconds(Math.max(1, config.outbox_answer_timeout_seconds())));
        try {
            running();
        } catch (OutboxException e) {
            LOG.error("{}. Reports to the cloud are refused until it opens; tried again at every report.",
                    e.getMessage());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        if (running != null) {
            running.pump().close(); // fails the puts still queued
            running.writer().shutdown();
            running.database().close(); // after the group being written: both hold its lock
            running = null;
        }
    }

    /** Waits for the commit of the group this put joins; see {@link UpstreamOutbox#put}. */
    @Override
    public void put(String key, Message message) throws OutboxException {
        try {
            running().pump().put(key, message);
        } catch (SQLException e) {
            throw notKept(e);
        } catch (ProtocolException e) {
            throw unencodable(message, e);
        }
    }

    @Override
    public CompletableFuture<Void> putAsync(String key, Message message) {
        try {
            return running().pump().putAsync(key, message).handle((done, error) -> {
                if (error == null) {
                    return null;
                }
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                throw new CompletionException(cause instanceof SQLException e ? notKept(e) : cause);
            });
        } catch (OutboxException e) {
            return CompletableFuture.failedFuture(e);
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(unencodable(message, e));
        }
    }

    private OutboxException notKept(SQLException e) {
        if (SqliteFailures.isFull(e)) {
            return new OutboxException("the outbox " + file + " is full (" + maxMegabytes + " MB of reports the "
                    + "cloud has not acknowledged, or the disk is full): the report was not kept", e);
        }
        return new OutboxException("cannot write the outbox " + file + " (" + e.getMessage()
                + "): the report was not kept", e);
    }

    private static OutboxException unencodable(Message message, ProtocolException e) {
        return new OutboxException("cannot encode " + message + " (" + e.getMessage() + "): the report was not kept",
                e);
    }

    /** Depth -1 while the file cannot be read. */
    @Override
    public OutboxStats stats() {
        try {
            return running().pump().stats();
        } catch (OutboxException e) {
            return UNREADABLE;
        }
    }

    private synchronized Running running() throws OutboxException {
        if (closed) {
            throw new OutboxException("the outbox " + file
                    + " is closed (MetaManager is stopping): the report was not kept");
        }
        if (running == null) {
            OutboxDatabase database;
            try {
                database = OutboxDatabase.open(file, busyTimeoutMillis, maxMegabytes * 1024L * 1024L);
            } catch (SQLException | IOException e) {
                throw new OutboxException("cannot open the outbox " + file + " (" + e + ")", e);
            }
            ScheduledExecutorService writer = executors.newSerialExecutor("outbox-writer");
            GroupCommit commits = new GroupCommit(database, writer, maxGroup);
            running = new Running(database, new OutboxPump(database, commits, requester, settings,
                    executors.newSerialExecutor("outbox")), writer);
            long depth = running.pump().stats().depth();
            if (depth > 0) {
                LOG.info("The outbox {} holds {} reports for the cloud: sending them", file, depth);
            }
        }
        return running;
    }
}
