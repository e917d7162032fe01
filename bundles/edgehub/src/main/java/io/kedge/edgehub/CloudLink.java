package io.kedge.edgehub;

import io.kedge.api.bus.BatchMessageHandler;
import io.kedge.api.bus.BusFullException;
import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.DeliveryException;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.bus.MessageHandler;
import io.kedge.protocol.Acks;
import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.FrameBuilder;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's WebSocket session with CloudHub, reopened whenever it drops. While the session is
 * open, the link registers itself as the bus handler of {@link BusGroups#HUB}; while it is down,
 * no handler exists and the bus keeps what modules send to the cloud.
 *
 * <p>All state changes run on the link's single scheduler thread.
 */
final class CloudLink implements WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(CloudLink.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** Opening handshake included: a path that accepts TCP and then stays silent must not hang us. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Messages held for modules still starting; a node's own modules declare their groups within seconds. */
    private static final int MAX_UNROUTED = 1_000;
    private static final Duration MIN_SILENCE_LIMIT = Duration.ofSeconds(5);
    private static final byte[] PING_PAYLOAD = "kedge".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final String SOURCE = "edgehub";

    private final URI uri;
    private final String nodeName;
    private final String projectId;
    private final Duration heartbeat;
    private final MessageBus bus;
    private final BundleContext context;
    private final MessageCodec codec;
    private final Backoff backoff;
    private final FrameAssembler assembler;
    private final ScheduledExecutorService scheduler;
    private final HttpClient client;
    private final CloudRoutes routes;
    private final Object sendLock = new Object();
    /** Guards {@link #unrouted} and orders what goes to the bus: held messages before newer ones. */
    private final Object routeLock = new Object();
    private final UnroutedMessages unrouted = new UnroutedMessages(MAX_UNROUTED);
    private final Runnable releaseUnrouted = this::releaseUnrouted;

    private volatile WebSocket socket;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean closed;
    private ServiceRegistration<MessageHandler> hubHandler;
    private ScheduledFuture<?> keepalive;

    /**
     * @param client for wss:// built on {@link NodeTls}; its executor must not be {@code scheduler},
     *     whose thread waits for send completions (keepalive) and would deadlock until a timeout
     */
    CloudLink(URI uri, String nodeName, String projectId, Duration heartbeat, MessageBus bus, BundleContext context,
            MessageCodec codec, Backoff backoff, ScheduledExecutorService scheduler, HttpClient client,
            CloudRoutes routes) {
        this.uri = uri;
        this.nodeName = nodeName;
        this.projectId = projectId;
        this.heartbeat = heartbeat;
        this.bus = bus;
        this.context = context;
        this.codec = codec;
        this.backoff = backoff;
        this.assembler = new FrameAssembler(codec.maxFrameBytes());
        this.scheduler = scheduler;
        this.client = client;
        this.routes = routes;
    }

    void start() {
        routes.addRouteListener(releaseUnrouted);
        scheduler.execute(this::connect);
    }

    boolean isConnected() {
        return socket != null;
    }

    /** Closes the session and stops reconnecting. */
    void close() {
        closed = true;
        routes.removeRouteListener(releaseUnrouted);
        WebSocket open = socket;
        try {
            scheduler.submit(this::dropSession).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Link shutdown did not finish cleanly", e);
        }
        if (open != null) {
            try {
                open.sendClose(WebSocket.NORMAL_CLOSURE, "node stopping").get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Close handshake with the cloud did not complete", e);
            }
            open.abort();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        LOG.debug("Connecting to {}", uri);
        client.newWebSocketBuilder()
                .header("node_id", nodeName)
                .header("project_id", projectId)
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(uri, this)
                .whenCompleteAsync((ws, error) -> {
                    if (error != null) {
                        scheduleReconnect("cannot reach the cloud at " + uri + ": " + Throwables.rootMessage(error));
                    } else {
                        onConnected(ws);
                    }
                }, scheduler);
    }

    private void onConnected(WebSocket ws) {
        if (closed) {
            ws.abort();
            return;
        }
        socket = ws;
        heard();
        backoff.reset();
        keepalive = scheduler.scheduleAtFixedRate(this::sendKeepalive, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(MessageHandler.GROUP, BusGroups.HUB);
        hubHandler = context.registerService(MessageHandler.class, new HubHandler(), properties);
        LOG.info("Connected to the cloud at {} as node {}", uri, nodeName);
    }

    private void lost(WebSocket ws, String why) {
        if (socket != ws) {
            return;
        }
        dropSession();
        scheduleReconnect("lost the cloud link: " + why);
    }

    private void dropSession() {
        socket = null;
        synchronized (routeLock) {
            unrouted.clear();
        }
        if (keepalive != null) {
            keepalive.cancel(false);
            keepalive = null;
        }
        if (hubHandler != null) {
            try {
                hubHandler.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
            hubHandler = null;
        }
    }

    private void scheduleReconnect(String why) {
        if (closed) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        LOG.warn("{}; retrying in {} ms", why, delay);
        try {
            scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.debug("Not reconnecting: EdgeHub is stopping");
        }
    }

    /** The bus handler of the hub group: writes what waits for the cloud, or refuses all of it. */
    private final class HubHandler implements BatchMessageHandler {
        @Override
        public void handle(Message message) throws DeliveryException {
            sendToCloud(List.of(message));
        }

        @Override
        public void handleAll(List<Message> messages) throws DeliveryException {
            sendToCloud(messages);
        }
    }

    /**
     * Writes messages to the cloud in as few frames as their size allows, the empty responses that
     * acknowledge stored objects folded into one {@code ack}. A message that can never be encoded
     * (larger than a frame) is dropped with an error; the others still go.
     */
    void sendToCloud(List<Message> messages) throws DeliveryException {
        List<String> encoded = new ArrayList<>(messages.size());
        List<String> acked = new ArrayList<>();
        String ackSource = SOURCE;
        for (Message message : messages) {
            if (isPlainAck(message)) {
                acked.add(message.parentId());
                ackSource = message.route().source();
            } else {
                encode(message).ifPresent(encoded::add);
            }
        }
        if (!acked.isEmpty()) {
            encode(Acks.of(ackSource, acked)).ifPresent(encoded::add);
        }
        FrameBuilder frame = new FrameBuilder(FrameBuilder.DEFAULT_BUDGET_CHARS);
        for (String text : encoded) {
            if (!frame.fits(text)) {
                write(frame.take());
            }
            frame.add(text);
        }
        if (!frame.isEmpty()) {
            write(frame.take());
        }
    }

    /** MetaManager's answer to an object it stored: nothing in it but the id it answers. */
    private static boolean isPlainAck(Message message) {
        return Operations.RESPONSE.equals(message.operation()) && message.isResponse() && message.content().isNull();
    }

    private Optional<String> encode(Message message) {
        try {
            return Optional.of(codec.encode(message));
        } catch (ProtocolException e) {
            LOG.error("Cannot send {} to the cloud, dropped: {}", message, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Sends KubeEdge's keepalive message and a WebSocket ping, whose pong proves the path works both
     * ways. A link that carried nothing back for {@link #silenceLimit()} is dropped: over a path that
     * silently swallows packets, TCP alone would not notice for many minutes.
     */
    private void sendKeepalive() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
        if (silentMillis > silenceLimit().toMillis()) {
            ws.abort();
            lost(ws, "no answer from the cloud for " + silentMillis / 1000 + " s");
            return;
        }
        try {
            ws.sendPing(ByteBuffer.wrap(PING_PAYLOAD));
        } catch (IllegalStateException previousPingPending) {
            // the last ping is still being written: the silence check above covers this link
        }
        Message ping = Message.create(SOURCE, Groups.RESOURCE, "node", Operations.KEEPALIVE, TextNode.valueOf("ping"));
        try {
            sendToCloud(List.of(ping));
        } catch (DeliveryException e) {
            LOG.debug("Keepalive not sent: {}", e.getMessage());
        }
    }

    private void write(String frame) throws DeliveryException {
        WebSocket ws = socket;
        if (ws == null) {
            throw new DeliveryException("not connected to the cloud");
        }
        synchronized (sendLock) {
            try {
                ws.sendText(frame, true).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted while sending", e);
            } catch (ExecutionException | TimeoutException e) {
                // After abort() the listener hears nothing more: report the loss ourselves.
                ws.abort();
                onScheduler(() -> lost(ws, "send failed: " + Throwables.rootMessage(e)));
                throw new DeliveryException("send to the cloud failed: " + Throwables.rootMessage(e), e);
            }
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    private Duration silenceLimit() {
        Duration limit = heartbeat.multipliedBy(3);
        return limit.compareTo(MIN_SILENCE_LIMIT) < 0 ? MIN_SILENCE_LIMIT : limit;
    }

    private void heard() {
        lastHeardNanos = System.nanoTime();
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        heard();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        heard();
        webSocket.request(1); // the client answers pings by itself
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        heard();
        switch (assembler.append(data, last)) {
            case COMPLETE -> dispatch(assembler.message());
            case TOO_LARGE -> LOG.warn("Dropped a frame from the cloud larger than {} bytes", codec.maxFrameBytes());
            case PARTIAL -> { }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        onScheduler(() -> lost(webSocket, "closed by the cloud (" + statusCode + " " + reason + ")"));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        onScheduler(() -> lost(webSocket, Throwables.rootMessage(error)));
    }

    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.debug("EdgeHub is stopping; link event ignored");
        }
    }

    /** A frame holds one message or a batch; each is handled on its own, in order. */
    private void dispatch(String frame) {
        List<DecodedEntry> entries;
        try {
            entries = codec.decodeFrame(frame);
        } catch (ProtocolException e) {
            LOG.warn("Dropped a bad frame from the cloud: {}", e.getMessage());
            return;
        }
        for (DecodedEntry entry : entries) {
            entry.message().ifPresentOrElse(this::dispatch, () ->
                    LOG.warn("Dropped a bad message from the cloud: {}", entry.error().orElseThrow().getMessage()));
        }
    }

    /**
     * Sent by: the cloud, over this node's session. Touches: a waiting request's answer, or the bus
     * group of the module that declared the message's envelope group ({@link CloudRoutes}); a group
     * no module declared yet is held, unacknowledged and bounded, until one does
     * ({@link UnroutedMessages}).
     */
    private void dispatch(Message message) {
        if (Operations.KEEPALIVE.equals(message.operation())) {
            return;
        }
        if (Operations.ERROR.equals(message.operation())) {
            LOG.warn("The cloud refused {}: {}", message.resource(), message.content().asText());
        }
        if (message.isResponse()) {
            // An answer to a module's request; nobody else reads it, so a late one is dropped.
            if (!bus.respond(message)) {
                LOG.debug("Dropped {} from the cloud: no request waits for it", message);
            }
            return;
        }
        synchronized (routeLock) {
            passOnReleased();
            String target = routes.busGroupFor(message.group()).orElse(null);
            if (target == null || unrouted.holdsGroup(message.group())) {
                unrouted.hold(message);
                return;
            }
            toBus(target, message);
        }
    }

    /** A module declared a cloud group: what waited for it goes to the bus. */
    private void releaseUnrouted() {
        synchronized (routeLock) {
            passOnReleased();
        }
    }

    private void passOnReleased() {
        for (UnroutedMessages.Routed routed : unrouted.release(routes::busGroupFor)) {
            toBus(routed.busGroup(), routed.message());
        }
    }

    private void toBus(String busGroup, Message message) {
        try {
            bus.send(busGroup, message);
        } catch (BusFullException e) {
            LOG.warn("Dropped {} from the cloud: {}", message, e.getMessage());
        }
    }
}
