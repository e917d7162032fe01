package io.kedge.bench.fleet;

import io.kedge.edgehub.Backoff;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.node.EdgeMessages;
import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.HeldObjects;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated edge node on a real WebSocket (TLS with its own certificate when the fleet joined it):
 * a {@link FakeNode} session at a time, all sharing what the node holds. It registers its Node as
 * Edged does, answers the inventory, acknowledges every object (the fake node's part), sends
 * keepalives (and node status when asked to), and reconnects with EdgeHub's full-jitter backoff.
 */
final class SimulatedNode {
    private final String name;
    private final URI uri;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final AtomicLong fleetAcks;
    private final HeldObjects held = new HeldObjects();
    private final List<Long> connectedAtNanos = new CopyOnWriteArrayList<>();
    private final AtomicLong acks = new AtomicLong();
    private volatile FakeNode session;
    private volatile boolean closed;
    private volatile boolean suspended;
    private volatile boolean registered;
    private volatile String registration = "";

    SimulatedNode(String name, URI hub, HttpClient client, ScheduledExecutorService scheduler, Backoff backoff,
            AtomicLong fleetAcks) {
        this.name = name;
        this.uri = eventsUri(hub, name);
        this.client = client;
        this.scheduler = scheduler;
        this.backoff = backoff;
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
        return session != null;
    }

    /** When each session of this node opened (System.nanoTime). */
    List<Long> connectedAtNanos() {
        return List.copyOf(connectedAtNanos);
    }

    int held() {
        return held.size();
    }

    boolean holds(String key) {
        return held.holds(key);
    }

    long acks() {
        return acks.get();
    }

    void connect() {
        if (closed || suspended) {
            return;
        }
        // the session's callbacks run on the client's selector thread: they never block
        FakeNode.named(name).client(client).store(held).notRecording()
                .onReply((message, from) -> reply(message))
                .onAcked(count -> {
                    acks.addAndGet(count);
                    fleetAcks.addAndGet(count);
                })
                .onOpen(this::opened)
                .onLost(this::lost)
                .open(uri).whenComplete((node, error) -> {
                    if (error != null) {
                        reconnectLater();
                    }
                });
    }

    /** Before the connect future completes: the cloud's inventory query may already be on its way. */
    private void opened(FakeNode node) {
        if (closed || suspended) {
            node.abort();
            return;
        }
        synchronized (backoff) {
            backoff.reset();
        }
        session = node;
        connectedAtNanos.add(System.nanoTime());
        if (!registered) {
            register();
        }
    }

    void keepalive() {
        send(EdgeMessages.keepalive());
    }

    /** KubeEdge's NodeStatusRequest with a Ready condition, as Edged reports. */
    void reportStatus() {
        if (registered) {
            send(EdgeMessages.status(name));
        }
    }

    /** Drops the session and stays away until {@link #resume()}, like a node whose network is gone. */
    void suspend() {
        suspended = true;
        end();
    }

    void resume() {
        suspended = false;
        connect();
    }

    void close() {
        closed = true;
        end();
    }

    private void end() {
        FakeNode current = session;
        session = null;
        if (current != null) {
            current.abort(); // the listener hears nothing more of it
        }
    }

    /** Until the cloud confirms it, as Edged does: a busy API server may fail the first attempts. */
    private void register() {
        Message insert = EdgeMessages.register(name, Map.of("kedge.io/simulated", "true"), false);
        registration = insert.id();
        send(insert);
    }

    private void reply(Message message) {
        if (!message.parentId().equals(registration)) {
            return;
        }
        if (Operations.RESPONSE.equals(message.operation())) {
            registered = true;
        } else if (Operations.ERROR.equals(message.operation())) {
            schedule(this::register, 1_000);
        }
    }

    private void send(Message message) {
        FakeNode current = session;
        if (current != null) {
            current.sendLater(message);
        }
    }

    private void lost(FakeNode ended) {
        if (session == ended) {
            session = null;
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
