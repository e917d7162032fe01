package io.kedge.cloud.hub;

import io.kedge.cloud.auth.NodeRevocations;
import io.kedge.cloud.auth.ServerNames;
import io.kedge.cloud.auth.ServerTls;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.pathmap.RegexPathSpec;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint edge nodes connect to, {@code /{projectId}/{nodeName}/events} as in
 * KubeEdge. Keeps one session per node and passes what nodes send to the {@link ResourceHandler}s.
 *
 * <p>With TLS, a node must present a client certificate from the cluster CA (the handshake fails
 * otherwise) whose common name is {@code system:node:} plus the node name in the URL, so one node
 * cannot speak for another.
 *
 * <p>What one node can cost the cloud is bounded ({@link HubSettings}): messages of
 * {@code maxFrameBytes}, {@code maxUnappliedBytes} received and not yet applied,
 * {@code maxUnsentBytes} owed to it and not yet written. An {@link Error} while handling a node's
 * message closes that node's session only, and {@link #healthProblems} reports it from then on.
 */
public final class CloudHub implements Downlink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudHub.class);
    private static final String EVENTS_PATH = "^/[^/]+/[^/]+/events$";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final HubSettings settings;
    private final SessionRegistry registry = new SessionRegistry();
    private final ProcessErrors processErrors = new ProcessErrors();
    private final NodeInboxes inboxes;
    private final ProtocolErrorCounter errors = new ProtocolErrorCounter();
    private final UpstreamRouter router;
    private final ExecutorService workers;
    /** Encode and write frames to nodes: CPU only, never waiting on a peer. */
    private final ExecutorService writers;
    private final ScheduledExecutorService watchdog;
    private final Server server;
    private final ServerConnector connector;
    private final NodeSessionListener sessionListener;
    private final AtomicLong sessionIds = new AtomicLong();
    private final NodeSession.Services sessionServices;
    private final HubHealth health;
    private final NodeRevocations revocations;

    public CloudHub(HubSettings settings, UpstreamHandlers handlers, HeartbeatListener heartbeats,
            NodeSessionListener sessionListener) {
        this(settings, handlers, heartbeats, sessionListener, NodeRevocations.none());
    }

    /** @param revocations nodes whose certificates are refused; their sessions are closed when revoked */
    public CloudHub(HubSettings settings, UpstreamHandlers handlers, HeartbeatListener heartbeats,
            NodeSessionListener sessionListener, NodeRevocations revocations) {
        this.settings = settings;
        this.revocations = revocations;
        revocations.onRevoked(this::revoked);
        this.sessionListener = sessionListener;
        // What nodes send is bounded by the hub's setting; what the cloud sends, by what a node takes.
        this.router = new UpstreamRouter(new MessageCodec(settings.maxFrameBytes()), handlers, heartbeats, errors,
                sessionListener);
        this.workers = Executors.newFixedThreadPool(settings.workerThreads(), daemonThreads("kedge-hub-worker"));
        this.writers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                daemonThreads("kedge-hub-writer"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("kedge-hub-keepalive"));
        this.inboxes = new NodeInboxes(workers, this::inboxFailed);
        this.sessionServices = new NodeSession.Services(inboxes, router, new MessageCodec(), registry,
                sessionListener, writers, settings, processErrors);

        QueuedThreadPool jettyThreads = new QueuedThreadPool(64, 4);
        jettyThreads.setName("kedge-hub-jetty");
        this.server = new Server(jettyThreads);
        this.connector = settings.secure()
                ? settings.tls().newConnector(server, ServerTls.ClientCertificates.REQUIRED)
                : new ServerConnector(server);
        connector.setHost(settings.bindAddress());
        connector.setPort(settings.port());
        server.addConnector(connector);

        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, context, this::configure);
        upgrades.setHandler(new NotFoundHandler());
        context.setHandler(upgrades);
        server.setHandler(context);
        this.health = new HubHealth(server, connector, jettyThreads, processErrors);
    }

    /**
     * An Error (out of memory, stack overflow) escaped a handler of the node's message: what that
     * handler left behind is unknown, so the node is sent away to reconnect and be re-synced from
     * its inventory; the node's later frames and every other node go on.
     */
    private void inboxFailed(String nodeName, Throwable error) {
        processErrors.record(error, "handling a message of node " + nodeName);
        registry.current(nodeName).ifPresent(
                session -> session.close(CloseCodes.INTERNAL_ERROR, CloseCodes.INTERNAL_ERROR_REASON));
    }

    private void revoked(String nodeName) {
        registry.current(nodeName).ifPresent(session -> {
            LOG.warn("Node {} was revoked: closing its session", nodeName);
            session.close(CloseCodes.REVOKED, CloseCodes.REVOKED_REASON);
        });
    }

    private void configure(ServerWebSocketContainer container) {
        container.setMaxTextMessageSize(settings.maxFrameBytes());
        container.setMaxBinaryMessageSize(settings.maxFrameBytes());
        // Our watchdog closes silent sessions with a clear code; Jetty's idle timeout is only a backstop.
        container.setIdleTimeout(settings.keepaliveTimeout().multipliedBy(2).plusSeconds(5));
        container.addMapping(new RegexPathSpec(EVENTS_PATH), this::createSession);
    }

    private Object createSession(ServerUpgradeRequest request, ServerUpgradeResponse response,
            org.eclipse.jetty.util.Callback callback) {
        String[] segments = Request.getPathInContext(request).split("/");
        String projectId = segments[1];
        String nodeName = segments[2];
        if (!NodeNames.isValid(nodeName)) {
            Response.writeError(request, response, callback, 400,
                    "invalid node name '" + nodeName + "': must be a DNS-1123 subdomain");
            return null;
        }
        if (settings.secure()) {
            String refusal = NodeCertificateCheck.refusal(request, nodeName, revocations);
            if (refusal != null) {
                Response.writeError(request, response, callback, 403, refusal);
                return null;
            }
        }
        return new NodeSession(nodeName, projectId, sessionIds.incrementAndGet(), sessionServices);
    }

    /** Starts listening; prints the address, as scripts and tests wait for that line. */
    public void start() throws Exception {
        server.start();
        Duration period = KeepaliveWatchdog.period(settings.keepaliveTimeout());
        watchdog.scheduleAtFixedRate(new KeepaliveWatchdog(registry, settings.keepaliveTimeout()),
                period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        System.out.println("CloudHub listening on " + (settings.secure() ? "wss" : "ws") + "://"
                + ServerNames.inUrl(settings.bindAddress()) + ":" + port());
        System.out.flush();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Nodes with an open session right now. */
    public int connectedNodes() {
        return (int) registry.all().stream().filter(NodeSession::isOpen).count();
    }

    public boolean isConnected(String nodeName) {
        return registry.current(nodeName).map(NodeSession::isOpen).orElse(false);
    }

    /** Sends to the node's current session; a node that is not connected gets nothing. */
    @Override
    public SendResult send(String nodeName, Message message) {
        return registry.current(nodeName).map(session -> session.offer(message)).orElse(SendResult.NOT_CONNECTED);
    }

    @Override
    public SendResult reply(String nodeName, Message reply) {
        return registry.current(nodeName).map(session -> {
            session.send(reply);
            return SendResult.SENT;
        }).orElse(SendResult.NOT_CONNECTED);
    }

    /**
     * Why the hub cannot serve nodes now, one line each (not accepting, out of threads, the process hit
     * an Error); empty when it can. For /healthz and /readyz.
     */
    public List<String> healthProblems() {
        return health.problems();
    }

    /** Errors the hub contained; other parts of the cloud-app may record theirs here, health reports them. */
    public ProcessErrors processErrors() {
        return processErrors;
    }

    /** Bad messages a node sent since the hub started. */
    public long protocolErrors(String nodeName) {
        return errors.errors(nodeName);
    }

    /**
     * The most bytes one node had sent and the hub had not yet applied, since it started: a node is
     * refused before this passes {@link HubSettings#maxUnappliedBytes()} (or one frame, if larger).
     */
    public long peakUnappliedBytes() {
        return inboxes.peakUnappliedBytes();
    }

    /** Tells every node the cloud is going away, then stops; idempotent. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        for (NodeSession session : registry.all()) {
            session.close(CloseCodes.GOING_AWAY, CloseCodes.SHUTDOWN_REASON);
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (!registry.all().isEmpty() && System.nanoTime() < deadline) {
            sleepQuietly(20);
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping Jetty failed", e);
        }
        writers.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((dead, error) -> {
                LOG.error("Thread {} died", dead.getName(), error);
                processErrors.record(error, "running " + dead.getName());
            });
            return thread;
        };
    }
}
