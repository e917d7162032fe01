package io.kedge.bench.fleet;

import io.kedge.protocol.MessageCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many simulated edge nodes in one JVM, each joined with the token like a real node (own key, own
 * certificate) and connected over its own TLS WebSocket. For reconnect storms and channel benchmarks.
 */
public final class FleetSimulator implements AutoCloseable {
    public static final String DEFAULT_PROJECT = "e632aba927ea4ac2b575ec1603d56f10";

    /**
     * @param hubUrl    e.g. wss://127.0.0.1:10000
     * @param certUrl   e.g. https://127.0.0.1:10002
     * @param keepalive interval of keepalive messages (the cloud drops a session silent for 30 s)
     */
    public record Settings(String hubUrl, String certUrl, String token, String namePrefix, int nodes,
            long reconnectMinMillis, long reconnectMaxMillis, Duration keepalive) {
    }

    private final List<SimulatedNode> nodes;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private final AtomicLong acks;

    private FleetSimulator(List<SimulatedNode> nodes, ScheduledExecutorService scheduler, ExecutorService io,
            AtomicLong acks) {
        this.nodes = nodes;
        this.scheduler = scheduler;
        this.io = io;
        this.acks = acks;
    }

    /** Joins every node (in parallel, bounded), then connects them all. */
    public static FleetSimulator start(Settings settings) throws Exception {
        AtomicInteger threads = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "fleet-timer-"
                + threads.incrementAndGet()));
        ExecutorService io = Executors.newFixedThreadPool(8, r -> daemon(r, "fleet-io-" + threads.incrementAndGet()));
        AtomicLong acks = new AtomicLong();
        MessageCodec codec = new MessageCodec();
        URI hub = URI.create(settings.hubUrl() + "/" + DEFAULT_PROJECT);
        List<Future<NodeIdentity>> joins = new ArrayList<>();
        ExecutorService joiners = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < settings.nodes(); i++) {
                String name = settings.namePrefix() + "-" + i;
                joins.add(joiners.submit(() -> NodeIdentity.join(settings.certUrl(), settings.token(), name)));
            }
            List<SimulatedNode> nodes = new ArrayList<>();
            for (Future<NodeIdentity> join : joins) {
                NodeIdentity identity = join.get(60, TimeUnit.SECONDS);
                HttpClient client = HttpClient.newBuilder().sslContext(identity.tls()).executor(io)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                nodes.add(new SimulatedNode(identity.nodeName(), hub, client, scheduler,
                        SimulatedNode.backoff(settings.reconnectMinMillis(), settings.reconnectMaxMillis()), codec,
                        acks));
            }
            FleetSimulator fleet = new FleetSimulator(nodes, scheduler, io, acks);
            nodes.forEach(SimulatedNode::connect);
            long period = settings.keepalive().toMillis();
            scheduler.scheduleAtFixedRate(() -> nodes.forEach(SimulatedNode::keepalive), period, period,
                    TimeUnit.MILLISECONDS);
            return fleet;
        } finally {
            joiners.shutdownNow();
        }
    }

    public int size() {
        return nodes.size();
    }

    public int connected() {
        return (int) nodes.stream().filter(SimulatedNode::isConnected).count();
    }

    /** Object messages acknowledged by all nodes together. */
    public long acks() {
        return acks.get();
    }

    /** Objects held by the node holding the fewest. */
    public int minimumHeld() {
        return nodes.stream().mapToInt(SimulatedNode::held).min().orElse(0);
    }

    /** For each node, when it first connected after {@code sinceNanos} (System.nanoTime), or -1. */
    public List<Long> firstConnectsAfter(long sinceNanos) {
        List<Long> firsts = new ArrayList<>();
        for (SimulatedNode node : nodes) {
            firsts.add(node.connectedAtNanos().stream().filter(t -> t - sinceNanos >= 0).findFirst().orElse(-1L));
        }
        return firsts;
    }

    @Override
    public void close() {
        nodes.forEach(SimulatedNode::close);
        scheduler.shutdownNow();
        io.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
