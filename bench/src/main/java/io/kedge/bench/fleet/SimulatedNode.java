package io.kedge.bench.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.edgehub.Backoff;
import io.kedge.protocol.Acks;
import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Inventory;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated edge node on a real WebSocket (TLS with its own certificate when the fleet joined it):
 * it registers its Node as Edged does, answers the cloud's inventory query with what it holds,
 * acknowledges every object message as MetaManager does after storing it, sends keepalives (and
 * node status when asked to), and reconnects with EdgeHub's full-jitter backoff.
 */
final class SimulatedNode implements WebSocket.Listener {
    static final String SOURCE = "metamanager";

    private final String name;
    private final URI uri;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final MessageCodec codec;
    private final AtomicLong fleetAcks;
    /** key → entry of every object the node holds, for its inventory answer. */
    private final Map<String, Inventory.Entry> held = new ConcurrentHashMap<>();
    private final List<Long> connectedAtNanos = new CopyOnWriteArrayList<>();
    private final AtomicLong acks = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile boolean suspended;
    private volatile boolean registered;
    private volatile String registration = "";

    SimulatedNode(String name, URI hub, HttpClient client, ScheduledExecutorService scheduler, Backoff backoff,
            MessageCodec codec, AtomicLong fleetAcks) {
        this.name = name;
        this.uri = eventsUri(hub, name);
        this.client = client;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.codec = codec;
        this.fleetAcks = fleetAcks;
    }

    /** KubeEdge's path: {@code <hub>/<projectId>/<node>/events}, the hub URI ending in the project id. */
    static URI eventsUri(URI hub, String node) {
        String base = hub.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + node + "/events");
    }

    String name() {
        return name;
    }

    boolean isConnected() {
        return socket != null;
    }

    /** When each session of this node opened (System.nanoTime). */
    List<Long> connectedAtNanos() {
        return List.copyOf(connectedAtNanos);
    }

    int held() {
        return held.size();
    }

    boolean holds(String key) {
        return held.containsKey(key);
    }

    long acks() {
        return acks.get();
    }

    void connect() {
        if (closed || suspended) {
            return;
        }
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).header("node_id", name)
                .buildAsync(uri, this).whenComplete((ws, error) -> {
                    if (error != null) {
                        reconnectLater();
                    } else if (closed || suspended) {
                        ws.abort();
                    } else {
                        synchronized (backoff) {
                            backoff.reset();
                        }
                        connectedAtNanos.add(System.nanoTime());
                    }
                });
    }

    void keepalive() {
        send(Message.create("edgehub", Groups.RESOURCE, "node", Operations.KEEPALIVE, TextNode.valueOf("ping")));
    }

    /** KubeEdge's NodeStatusRequest {UID, Status, ExtendResources} with a Ready condition, as Edged reports. */
    void reportStatus() {
        if (!registered) {
            return;
        }
        ObjectNode request = MessageCodec.mapper().createObjectNode().put("UID", "");
        ObjectNode status = request.putObject("Status");
        ObjectNode capacity = status.putObject("capacity").put("cpu", "2").put("memory", "2048Mi").put("pods", "110");
        status.set("allocatable", capacity.deepCopy());
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
                .put("lastHeartbeatTime", now).put("lastTransitionTime", now).put("reason", "EdgeReady")
                .put("message", "simulated edge node is posting ready status");
        status.put("phase", "Running");
        request.putObject("ExtendResources");
        send(Message.create("edged", Groups.RESOURCE,
                ResourcePath.of(ResourceTypes.CLUSTER_NAMESPACE, ResourceTypes.NODE_STATUS, name).toString(),
                Operations.UPDATE, request));
    }

    /** Drops the session and stays away until {@link #resume()}, like a node whose network is gone. */
    void suspend() {
        suspended = true;
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.abort(); // the listener hears nothing more of it
        }
    }

    void resume() {
        suspended = false;
        connect();
    }

    void close() {
        closed = true;
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.abort(); // the listener hears nothing more of it
        }
    }

    /** Before buildAsync completes: the cloud's inventory query may already be on its way. */
    @Override
    public void onOpen(WebSocket webSocket) {
        partial.setLength(0);
        socket = webSocket;
        webSocket.request(1);
        if (!registered) {
            register();
        }
    }

    /** Until the cloud confirms it, as Edged does: a busy API server may fail the first attempts. */
    private void register() {
        Message insert = Message.create("edged", Groups.RESOURCE,
                ResourcePath.of(ResourceTypes.CLUSTER_NAMESPACE, ResourceTypes.NODE, name).toString(),
                Operations.INSERT, nodeObject());
        registration = insert.id();
        send(insert);
    }

    /** The Node as Edged registers it, reduced to what makes the cloud treat it as an edge node. */
    private ObjectNode nodeObject() {
        ObjectNode node = MessageCodec.mapper().createObjectNode();
        node.put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata").put("name", name).putObject("labels")
                .put("node-role.kubernetes.io/edge", "").put("kedge.io/simulated", "true");
        node.putObject("spec");
        return node;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (webSocket == socket) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                handle(frame);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        lost(webSocket);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        lost(webSocket);
    }

    /**
     * Handles a frame of one message or a batch, as EdgeHub and MetaManager do; the answers go back
     * together in one frame, the stored objects acknowledged by one {@code ack}.
     */
    void handle(String frame) {
        List<DecodedEntry> entries;
        try {
            entries = codec.decodeFrame(frame);
        } catch (ProtocolException e) {
            return;
        }
        List<Message> answers = new ArrayList<>();
        List<String> stored = new ArrayList<>(entries.size());
        for (DecodedEntry entry : entries) {
            entry.message().ifPresent(message -> handle(message, answers, stored));
        }
        if (!stored.isEmpty()) {
            acks.addAndGet(stored.size());
            fleetAcks.addAndGet(stored.size());
            answers.add(Acks.of(SOURCE, stored));
        }
        send(answers);
    }

    private void handle(Message message, List<Message> answers, List<String> stored) {
        switch (message.operation()) {
            case Operations.QUERY -> answers.add(Message.responseTo(message, SOURCE, inventory()));
            case Operations.INSERT, Operations.UPDATE -> {
                held.put(message.resource(), entryOf(message));
                stored.add(message.id());
            }
            case Operations.DELETE -> {
                held.remove(message.resource());
                stored.add(message.id());
            }
            case Operations.RESPONSE -> registered |= message.parentId().equals(registration);
            case Operations.ERROR -> {
                if (message.parentId().equals(registration)) {
                    schedule(this::register, 1_000);
                }
            }
            default -> { }
        }
    }

    /** What MetaManager answers. */
    private ObjectNode inventory() {
        return Inventory.answer(held.values());
    }

    private static Inventory.Entry entryOf(Message message) {
        String resourceVersion = message.header().resourceVersion();
        return new Inventory.Entry(message.resource(), message.content().path("metadata").path("uid").asText(""),
                resourceVersion == null || resourceVersion.isEmpty()
                        ? message.content().path("metadata").path("resourceVersion").asText("") : resourceVersion);
    }

    private void send(Message message) {
        send(List.of(message));
    }

    /** One frame for all of them. JDK WebSockets allow one outstanding send: chain them. */
    private void send(List<Message> messages) {
        WebSocket ws = socket;
        if (ws == null || messages.isEmpty()) {
            return;
        }
        List<String> encoded = new ArrayList<>(messages.size());
        for (Message message : messages) {
            try {
                encoded.add(codec.encode(message));
            } catch (ProtocolException e) {
                return;
            }
        }
        String text = MessageCodec.frameOf(encoded);
        synchronized (sendLock) {
            lastSend = lastSend.handle((ok, error) -> null).thenCompose(ignored -> ws.sendText(text, true));
        }
    }

    private void lost(WebSocket ws) {
        if (socket == ws) {
            socket = null;
            reconnectLater();
        }
    }

    private void reconnectLater() {
        if (closed || suspended) {
            return;
        }
        long delay;
        synchronized (backoff) {
            delay = backoff.nextDelayMillis();
        }
        schedule(this::connect, delay);
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the fleet is closing
        }
    }

    static Backoff backoff(long minMillis, long maxMillis) {
        return new Backoff(minMillis, maxMillis, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }
}
