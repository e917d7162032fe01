package io.kedge.bench.fleet;

import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.JoinedIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many simulated edge nodes in one JVM, each joined with the token like a real node (own EC key, CSR
 * signed by the certificate server, CA pinned by the token) and connected over its own TLS WebSocket.
 * One JDK HttpClient per node (its SSLContext carries the node's key) whose callbacks run on its own
 * selector thread; all share one timer pool. 1,000 nodes take about 120 MiB of heap. For reconnect storms and channel
 * benchmarks.
 */
public final class FleetSimulator implements AutoCloseable {
    private static final int JOIN_THREADS = 8;
    private static final int JOIN_ATTEMPTS = 5;

    /**
     * @param hubUrl         e.g. wss://127.0.0.1:10000
     * @param certUrl        e.g. https://127.0.0.1:10002
     * @param keepalive      interval of keepalive messages (the cloud drops a session silent for 30 s)
     * @param statusInterval interval of node status reports, as Edged sends them; zero: none
     */
    public record Settings(String hubUrl, String certUrl, String token, String namePrefix, int nodes,
            long reconnectMinMillis, long reconnectMaxMillis, Duration keepalive, Duration statusInterval) {

        /** EdgeHub's defaults: reconnect backoff 1 s..60 s, keepalive every 15 s, no status reports. */
        public static Settings of(String hubUrl, String certUrl, String token, String namePrefix, int nodes) {
            return new Settings(hubUrl, certUrl, token, namePrefix, nodes, 1_000, 60_000, Duration.ofSeconds(15),
                    Duration.ZERO);
        }

        public Settings withReconnect(long minMillis, long maxMillis) {
            return new Settings(hubUrl, certUrl, token, namePrefix, nodes, minMillis, maxMillis, keepalive,
                    statusInterval);
        }

        public Settings withStatusInterval(Duration interval) {
            return new Settings(hubUrl, certUrl, token, namePrefix, nodes, reconnectMinMillis, reconnectMaxMillis,
                    keepalive, interval);
        }
    }

    private final List<SimulatedNode> nodes;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong acks;

    private FleetSimulator(List<SimulatedNode> nodes, ScheduledExecutorService scheduler, AtomicLong acks) {
        this.nodes = nodes;
        this.scheduler = scheduler;
        this.acks = acks;
    }

    /** Joins every node (in parallel, bounded), then connects them all; does not wait for the sessions. */
    public static FleetSimulator start(Settings settings) throws Exception {
        AtomicInteger threads = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "fleet-timer-"
                + threads.incrementAndGet()));
        ExecutorService joiners = Executors.newFixedThreadPool(Math.max(1, Math.min(JOIN_THREADS, settings.nodes())),
                r -> daemon(r, "fleet-join-" + threads.incrementAndGet()));
        try {
            List<Future<JoinedIdentity>> joins = new ArrayList<>();
            for (int i = 0; i < settings.nodes(); i++) {
                String name = settings.namePrefix() + "-" + i;
                joins.add(joiners.submit(() -> join(settings, name)));
            }
            List<JoinedIdentity> identities = new ArrayList<>();
            for (Future<JoinedIdentity> join : joins) {
                identities.add(join.get(5, TimeUnit.MINUTES));
            }
            return connect(settings, identities, scheduler);
        } catch (ExecutionException e) {
            scheduler.shutdownNow();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (Exception | Error e) {
            scheduler.shutdownNow();
            throw e;
        } finally {
            joiners.shutdownNow();
        }
    }

    /** A fleet over plain {@code ws://}, without joining (certUrl and token unused): for tests against a bare server. */
    static FleetSimulator startInsecure(Settings settings) {
        AtomicInteger threads = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "fleet-timer-"
                + threads.incrementAndGet()));
        List<JoinedIdentity> identities = new ArrayList<>();
        for (int i = 0; i < settings.nodes(); i++) {
            identities.add(new JoinedIdentity(settings.namePrefix() + "-" + i, null));
        }
        return connect(settings, identities, scheduler);
    }

    private static FleetSimulator connect(Settings settings, List<JoinedIdentity> identities,
            ScheduledExecutorService scheduler) {
        AtomicLong acks = new AtomicLong();
        URI hub = URI.create(settings.hubUrl() + "/" + FakeNode.PROJECT);
        List<SimulatedNode> nodes = new ArrayList<>();
        for (JoinedIdentity identity : identities) {
            // callbacks run on the client's own selector thread: the listener never blocks, and skipping the
            // hand-off to a pool costs a third less CPU per message
            HttpClient.Builder client = HttpClient.newBuilder().executor(Runnable::run)
                    .connectTimeout(Duration.ofSeconds(10));
            if (identity.tls() != null) {
                client.sslContext(identity.tls());
            }
            nodes.add(new SimulatedNode(identity.nodeName(), hub, client.build(), scheduler,
                    SimulatedNode.backoff(settings.reconnectMinMillis(), settings.reconnectMaxMillis()), acks));
        }
        nodes.forEach(SimulatedNode::connect);
        // each node on its own phase, as independent nodes are: no fleet-wide bursts of keepalives or status
        every(scheduler, settings.keepalive(), nodes, SimulatedNode::keepalive);
        every(scheduler, settings.statusInterval(), nodes, SimulatedNode::reportStatus);
        return new FleetSimulator(nodes, scheduler, acks);
    }

    private static void every(ScheduledExecutorService scheduler, Duration interval, List<SimulatedNode> nodes,
            java.util.function.Consumer<SimulatedNode> task) {
        long period = interval.toMillis();
        if (period <= 0) {
            return;
        }
        for (SimulatedNode node : nodes) {
            scheduler.scheduleAtFixedRate(() -> task.accept(node), ThreadLocalRandom.current().nextLong(period) + 1,
                    period, TimeUnit.MILLISECONDS);
        }
    }

    /** The certificate server may be busy while hundreds join at once: try again a few times. */
    private static JoinedIdentity join(Settings settings, String name) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return JoinedIdentity.join(settings.certUrl(), settings.token(), name);
            } catch (java.io.IOException | IllegalStateException e) {
                if (attempt == JOIN_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(1_000L * attempt);
            }
        }
    }

    public int size() {
        return nodes.size();
    }

    public List<String> nodeNames() {
        return nodes.stream().map(SimulatedNode::name).toList();
    }

    public int connected() {
        return (int) nodes.stream().filter(SimulatedNode::isConnected).count();
    }

    /** Waits until every node has a session; false when the timeout passed first. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connected() < nodes.size()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Object messages (insert, update, delete) acknowledged by all nodes together. */
    public long acks() {
        return acks.get();
    }

    /** Object messages acknowledged by the node that acknowledged the fewest. */
    public long minimumAcks() {
        return nodes.stream().mapToLong(SimulatedNode::acks).min().orElse(0);
    }

    /** Objects held by the node holding the fewest. */
    public int minimumHeld() {
        return nodes.stream().mapToInt(SimulatedNode::held).min().orElse(0);
    }

    /** How many nodes hold the object {@code key} ({@code namespace/type/name}, e.g. default/service/a). */
    public int nodesHolding(String key) {
        return (int) nodes.stream().filter(node -> node.holds(key)).count();
    }

    /** For each node, when it first connected after {@code sinceNanos} (System.nanoTime), or -1. */
    public List<Long> firstConnectsAfter(long sinceNanos) {
        List<Long> firsts = new ArrayList<>();
        for (SimulatedNode node : nodes) {
            firsts.add(node.connectedAtNanos().stream().filter(t -> t - sinceNanos >= 0).findFirst().orElse(-1L));
        }
        return firsts;
    }

    /** Every node drops its session and stays away (its network is gone) until {@link #resumeAll()}. */
    public void suspendAll() {
        nodes.forEach(SimulatedNode::suspend);
    }

    /** Every suspended node connects again at once. */
    public void resumeAll() {
        nodes.forEach(SimulatedNode::resume);
    }

    @Override
    public void close() {
        nodes.forEach(SimulatedNode::close);
        scheduler.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
