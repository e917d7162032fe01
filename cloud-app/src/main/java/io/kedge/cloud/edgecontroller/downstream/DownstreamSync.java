package io.kedge.cloud.edgecontroller.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kedge.cloud.hub.Downlink;
import io.kedge.cloud.hub.NodeSessionListener;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connected edge node holding exactly the objects it needs. Informer events, session
 * events and node answers all become tasks on one thread, which alone owns the index and the
 * per-node state: no locks, and no Jetty or informer thread ever waits.
 */
public final class DownstreamSync implements ClusterEvents, NodeSessionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DownstreamSync.class);
    /** Objects whose JSON stays at hand: a few MiB, the objects a typical node holds several times over. */
    private static final int CONVERTED_LIMIT = 4096;

    /**
     * @param sendWindow       object messages a node may leave unacknowledged; beyond, the node is resynced later
     * @param inventoryTimeout how long a node may take to answer the inventory query before it gets everything
     * @param ackTimeout       how long an object message may stay unacknowledged before it is resent;
     *                         doubles with every resend of the same object, up to {@code maxResendDelay}
     * @param serviceNamespaces whose Services, Endpoints and EndpointSlices every edge node gets
     */
    public record Settings(int sendWindow, Duration inventoryTimeout, Duration ackTimeout, Duration maxResendDelay,
            ServiceNamespaces serviceNamespaces) {
        public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(15);
        public static final Duration DEFAULT_MAX_RESEND_DELAY = Duration.ofMinutes(2);

        public Settings(int sendWindow, Duration inventoryTimeout) {
            this(sendWindow, inventoryTimeout, DEFAULT_ACK_TIMEOUT, DEFAULT_MAX_RESEND_DELAY);
        }

        public Settings(int sendWindow, Duration inventoryTimeout, Duration ackTimeout, Duration maxResendDelay) {
            this(sendWindow, inventoryTimeout, ackTimeout, maxResendDelay, ServiceNamespaces.ALL);
        }

        /** Services, Endpoints and EndpointSlices of these namespaces go to every edge node. */
        public Settings withServiceNamespaces(ServiceNamespaces namespaces) {
            return new Settings(sendWindow, inventoryTimeout, ackTimeout, maxResendDelay, namespaces);
        }

        DeliveryCounters.ResendBackoff resendBackoff() {
            return new DeliveryCounters.ResendBackoff(ackTimeout, maxResendDelay);
        }
    }

    private final Settings settings;
    private final Function<HasMetadata, JsonNode> toJson;
    private final ScheduledExecutorService loop;
    private final EdgeKinds kinds;
    private final Entitlements cluster;
    /** Concurrent only so that {@link #delivery} may read counters from other threads. */
    private final Map<String, NodeSyncState> nodes = new ConcurrentHashMap<>();
    private volatile Downlink downlink;
    private boolean clusterSynced;
    /** Recent conversions to JSON, least recently used dropped first; see {@link #json}. */
    private final Map<ResourcePath, Converted> converted = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ResourcePath, Converted> eldest) {
            return size() > CONVERTED_LIMIT;
        }
    };

    private record Converted(HasMetadata object, JsonNode json) {
    }

    public DownstreamSync(Settings settings, Function<HasMetadata, JsonNode> toJson) {
        this(settings, toJson, List.of());
    }

    /**
     * @param extensions kinds beyond the built-in ones, each with the index of which node needs them;
     *                   {@link #kinds} then lists them for the informers
     */
    public DownstreamSync(Settings settings, Function<HasMetadata, JsonNode> toJson, List<IndexedKinds> extensions) {
        this.settings = settings;
        this.toJson = toJson;
        this.kinds = EdgeKinds.STANDARD.with(extensions.stream().flatMap(e -> e.kinds().stream()).toList());
        this.cluster = new Entitlements(new ClusterIndex(settings.serviceNamespaces()), extensions);
        this.loop = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kedge-edge-sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Every kind this sync delivers: what {@link ClusterInformers} must watch for it. */
    public EdgeKinds kinds() {
        return kinds;
    }

    /** Call before nodes can connect or informers deliver. */
    public void start(Downlink link) {
        this.downlink = link;
        LOG.info("Every edge node gets the Services, Endpoints and EndpointSlices of namespaces '{}'",
                settings.serviceNamespaces());
        long sweep = Math.max(100, Math.min(1000, settings.ackTimeout().toMillis() / 4));
        loop.scheduleWithFixedDelay(() -> submit(this::resendOverdue), sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Delivery counters of a node that connected at least once. */
    public Optional<DeliveryCounters.Snapshot> delivery(String nodeName) {
        return Optional.ofNullable(nodes.get(nodeName)).map(state -> state.delivery.snapshot());
    }

    /** Delivery counters of every node that connected since the cloud-app started, by node name. */
    public Map<String, DeliveryCounters.Snapshot> deliveryByNode() {
        Map<String, DeliveryCounters.Snapshot> byNode = new java.util.TreeMap<>();
        nodes.forEach((node, state) -> byNode.put(node, state.delivery.snapshot()));
        return byNode;
    }

    @Override
    public void upserted(HasMetadata object) {
        submit(() -> apply(object, false));
    }

    @Override
    public void deleted(HasMetadata object) {
        submit(() -> apply(object, true));
    }

    @Override
    public void clusterSynced() {
        submit(() -> {
            clusterSynced = true;
            LOG.info("Cluster caches complete: syncing edge nodes");
            nodes.keySet().forEach(this::applyInventory);
        });
    }

    @Override
    public void connected(String nodeName, long sessionId) {
        submit(() -> {
            nodes.computeIfAbsent(nodeName, n -> new NodeSyncState(settings.sendWindow(), settings.resendBackoff())).sessionId = sessionId;
            askInventory(nodeName);
        });
    }

    @Override
    public void disconnected(String nodeName, long sessionId) {
        submit(() -> Optional.ofNullable(nodes.get(nodeName)).filter(state -> state.sessionId == sessionId)
                .ifPresent(NodeSyncState::goOffline));
    }

    /**
     * Sent by: a connected node, answering what the cloud sent it (CloudHub names the node from its
     * certificate). Touches: only that node's own sync state: its inventory query (matched by the
     * id the cloud gave it) and its own unacknowledged messages (by id); an id the cloud did not
     * send this node matches nothing and is ignored.
     */
    @Override
    public void replied(String nodeName, List<Message> replies) {
        submit(() -> replies.forEach(reply -> onReply(nodeName, reply)));
    }

    /**
     * Sent by: a connected node, acknowledging messages it stored. Touches: that node's own window of
     * unacknowledged messages only; ids of other nodes' messages, or made up, match nothing.
     */
    @Override
    public void acked(String nodeName, List<String> messageIds) {
        submit(() -> {
            NodeSyncState state = nodes.get(nodeName);
            if (state != null) {
                messageIds.forEach(state.delivery::acked);
                resyncIfCaughtUp(nodeName, state);
            }
        });
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }

    private void submit(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Edge sync task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Edge sync stopped; dropping a task");
        }
    }

    // ---- cluster changes

    private void apply(HasMetadata object, boolean deleted) {
        Optional<ResourcePath> key = kinds.keyOf(object);
        if (key.isEmpty()) {
            LOG.warn("Skipping a {} without namespace or name: not sent to edge nodes",
                    object == null ? "null object" : object.getKind());
            return;
        }
        Affected affected = deleted ? cluster.remove(key.get()) : cluster.upsert(key.get(), object);
        affected.keysByNode().forEach((node, keys) -> keys.forEach(k -> syncKey(node, k)));
        for (ResourcePath k : affected.keysOnEveryNode()) {
            nodes.keySet().forEach(node -> syncKey(node, k));
        }
        affected.wholeNodes().forEach(this::syncWholeNode);
    }

    private void syncKey(String nodeName, ResourcePath key) {
        NodeSyncState state = nodes.get(nodeName);
        if (state == null || !state.isLive()) {
            return;
        }
        ObjectVersion held = state.held.get(key);
        Optional<HasMetadata> entitled = cluster.objectFor(nodeName, key);
        if (entitled.isPresent()) {
            if (held == null || !held.equals(ObjectVersion.of(entitled.get()))) {
                send(nodeName, state, held == null ? Operations.INSERT : Operations.UPDATE, key, entitled.get());
            }
        } else if (held != null) {
            sendDelete(nodeName, state, key);
        }
    }

    private void syncWholeNode(String nodeName) {
        NodeSyncState state = nodes.get(nodeName);
        if (state != null && state.isLive()) {
            runDiff(nodeName, state);
        }
    }

    // ---- inventory sync

    private void askInventory(String nodeName) {
        NodeSyncState state = nodes.get(nodeName);
        Message query = DownstreamMessages.inventoryQuery(nodeName);
        state.awaitInventory(query.id());
        switch (downlink.send(nodeName, query)) {
            case SENT -> loop.schedule(() -> submit(() -> inventoryTimedOut(nodeName, query.id())),
                    settings.inventoryTimeout().toMillis(), TimeUnit.MILLISECONDS);
            case NOT_CONNECTED -> state.goOffline();
            case QUEUE_FULL -> {
                // Acks will drain the queue and trigger the query again.
                state.phase = NodeSyncState.Phase.SYNCED;
                state.needsResync = true;
            }
        }
    }

    private void inventoryTimedOut(String nodeName, String queryId) {
        NodeSyncState state = nodes.get(nodeName);
        if (state != null && state.phase == NodeSyncState.Phase.AWAITING_INVENTORY
                && queryId.equals(state.inventoryQueryId) && state.reportedInventory == null) {
            LOG.warn("Node {} did not answer the inventory query within {} s: sending it everything",
                    nodeName, settings.inventoryTimeout().toSeconds());
            state.reportedInventory = Map.of();
            applyInventory(nodeName);
        }
    }

    /**
     * An answer from {@code nodeName}: to its pending inventory query, or about one of the object
     * messages sent to it. Anything else matches nothing in its state and changes nothing.
     */
    private void onReply(String nodeName, Message reply) {
        NodeSyncState state = nodes.get(nodeName);
        if (state == null) {
            return;
        }
        boolean isError = Operations.ERROR.equals(reply.operation());
        if (state.phase == NodeSyncState.Phase.AWAITING_INVENTORY && reply.parentId().equals(state.inventoryQueryId)) {
            state.reportedInventory = readInventory(nodeName, reply, isError);
            applyInventory(nodeName);
            return;
        }
        if (ErrorReplies.isRetryable(reply)) {
            LOG.debug("Node {} will retry {}: {}", nodeName, reply.parentId(), reply.content().asText());
            state.delivery.retryLater(reply.parentId(), System.nanoTime());
        } else if (isError) {
            state.delivery.refused(reply.parentId()).ifPresent(key ->
                    LOG.warn("Node {} could not apply {}: {}", nodeName, key, reply.content().asText()));
        } else {
            state.delivery.acked(reply.parentId());
        }
        resyncIfCaughtUp(nodeName, state);
    }

    private void resyncIfCaughtUp(String nodeName, NodeSyncState state) {
        if (state.phase == NodeSyncState.Phase.SYNCED && state.needsResync && state.delivery.unacked() == 0) {
            LOG.info("Node {} caught up after dropped messages: repairing it with an inventory diff", nodeName);
            askInventory(nodeName);
        }
    }

    /**
     * Sent by: the node, answering its own inventory query. Touches: nothing in the cluster: the
     * keys it lists only decide which deletes it gets, each built from its own entry (see
     * {@link DownstreamMessages#delete}); what it should hold still comes from the cluster index.
     * Entries of types a node never gets, malformed ones and those beyond {@link Inventory#MAX_ENTRIES}
     * are dropped, with one log line per answer.
     */
    private Map<ResourcePath, ObjectVersion> readInventory(String nodeName, Message reply, boolean isError) {
        if (isError) {
            LOG.warn("Node {} refused the inventory query ({}): sending it everything", nodeName,
                    reply.content().asText());
            return Map.of();
        }
        Inventory.Report report;
        try {
            report = Inventory.parse(reply.content(), kinds::isSent);
        } catch (IllegalArgumentException e) {
            LOG.warn("Node {} sent an unreadable inventory ({}): sending it everything", nodeName, e.getMessage());
            return Map.of();
        }
        if (report.skipped() > 0 || report.truncated() > 0) {
            LOG.warn("Node {} listed {} inventory entries that name nothing a node can hold and {} beyond the limit "
                    + "of {}: ignored", nodeName, report.skipped(), report.truncated(), Inventory.MAX_ENTRIES);
        }
        return report.held();
    }

    /** Diffs once both the node's inventory and the cluster caches are there, whichever comes last. */
    private void applyInventory(String nodeName) {
        NodeSyncState state = nodes.get(nodeName);
        if (!clusterSynced || state == null || state.phase != NodeSyncState.Phase.AWAITING_INVENTORY
                || state.reportedInventory == null) {
            return;
        }
        state.held.putAll(state.reportedInventory);
        state.reportedInventory = null;
        state.phase = NodeSyncState.Phase.SYNCED;
        runDiff(nodeName, state);
    }

    private void runDiff(String nodeName, NodeSyncState state) {
        List<SyncDiff.Step> steps = SyncDiff.between(cluster.desiredFor(nodeName), state.held);
        LOG.info("Node {} holds {} objects: sending {} changes", nodeName, state.held.size(), steps.size());
        for (SyncDiff.Step step : steps) {
            if (!state.isLive()) {
                return;
            }
            if (Operations.DELETE.equals(step.operation())) {
                sendDelete(nodeName, state, step.key());
            } else {
                cluster.objectFor(nodeName, step.key())
                        .ifPresent(object -> send(nodeName, state, step.operation(), step.key(), object));
            }
        }
    }

    // ---- resending

    /** Unacked messages past their due time: the node gets the object's current state again. */
    private void resendOverdue() {
        long now = System.nanoTime();
        nodes.forEach((nodeName, state) -> {
            if (state.phase != NodeSyncState.Phase.SYNCED) {
                return;
            }
            for (DeliveryCounters.Pending pending : state.delivery.takeOverdue(now)) {
                resend(nodeName, state, pending);
            }
        });
    }

    private void resend(String nodeName, NodeSyncState state, DeliveryCounters.Pending pending) {
        ResourcePath key = pending.key();
        int attempt = pending.attempt() + 1;
        LOG.debug("Node {} did not ack {} of {}: resending (attempt {})", nodeName, pending.operation(), key, attempt);
        Optional<HasMetadata> entitled = cluster.objectFor(nodeName, key);
        if (entitled.isPresent()) {
            HasMetadata object = entitled.get();
            ObjectVersion version = ObjectVersion.of(object);
            String operation = Operations.DELETE.equals(pending.operation()) ? Operations.INSERT : pending.operation();
            if (transmit(nodeName, state, DownstreamMessages.object(operation, key, json(key, object),
                    version.resourceVersion()), key, version, attempt)) {
                state.held.put(key, version);
            }
        } else if (Operations.DELETE.equals(pending.operation())) {
            transmit(nodeName, state, deleteOf(key, pending.version()), key, pending.version(), attempt);
        }
        // An insert or update of an object the node no longer needs: the delete sent since supersedes it.
    }

    // ---- sending

    /**
     * The object as JSON, converted once for all the nodes it goes to: a change is sent to every node
     * that holds it one after the other, and a fleet that reconnects is diffed node after node over
     * the same objects. The informer hands out a new instance per change, so identity tells whether
     * a remembered conversion is still current.
     */
    private JsonNode json(ResourcePath key, HasMetadata object) {
        Converted remembered = converted.get(key);
        if (remembered != null && remembered.object() == object) {
            return remembered.json();
        }
        JsonNode json = toJson.apply(object);
        converted.put(key, new Converted(object, json));
        return json;
    }

    /** @param object an object {@code nodeName} is entitled to (see {@link NodeIndex#objectFor}) */
    private void send(String nodeName, NodeSyncState state, String operation, ResourcePath key, HasMetadata object) {
        ObjectVersion version = ObjectVersion.of(object);
        Message message = DownstreamMessages.object(operation, key, json(key, object), version.resourceVersion());
        if (transmit(nodeName, state, message, key, version, 0)) {
            state.held.put(key, version);
        }
    }

    /** Names the version the node holds (as it was sent or reported), never the cluster's object. */
    private void sendDelete(String nodeName, NodeSyncState state, ResourcePath key) {
        ObjectVersion held = state.held.get(key);
        if (transmit(nodeName, state, deleteOf(key, held), key, held, 0)) {
            state.held.remove(key);
        }
    }

    private Message deleteOf(ResourcePath key, ObjectVersion held) {
        return DownstreamMessages.delete(key, held, kinds.byType(key.type()).map(EdgeKind::names));
    }

    /** @param attempt 0 for a change sent the first time, more for a resend after no ack came */
    private boolean transmit(String nodeName, NodeSyncState state, Message message, ResourcePath key,
            ObjectVersion version, int attempt) {
        if (!state.delivery.hasRoom()) {
            markResync(nodeName, state, "too many unacknowledged messages");
            return false;
        }
        return switch (downlink.send(nodeName, message)) {
            case SENT -> {
                state.delivery.sent(message.id(), key, message.operation(), version, attempt, System.nanoTime());
                yield true;
            }
            case NOT_CONNECTED -> {
                state.goOffline();
                yield false;
            }
            case QUEUE_FULL -> {
                markResync(nodeName, state, "its send queue is full");
                yield false;
            }
        };
    }

    private static void markResync(String nodeName, NodeSyncState state, String why) {
        if (!state.needsResync) {
            LOG.warn("Node {} is slow ({}): dropping its changes until an inventory diff repairs it", nodeName, why);
            state.needsResync = true;
        }
    }
}
