package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.edgecontroller.downstream.ClusterInformers;
import io.kedge.cloud.edgecontroller.downstream.DeliveryCounters;
import io.kedge.cloud.edgecontroller.downstream.DownstreamSync;
import io.kedge.cloud.edgecontroller.downstream.IndexedKinds;
import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.Downlink;
import io.kedge.cloud.hub.HeartbeatListener;
import io.kedge.cloud.hub.NodeSessionListener;
import io.kedge.cloud.hub.UpstreamHandlers;
import io.kedge.protocol.ResourceTypes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Up: applies what edge nodes report about themselves and their pods to Kubernetes, rate-limited
 * per node and latest report per object first ({@link ReportWriter}). Down: keeps
 * each edge node holding the objects it needs ({@link DownstreamSync}).
 */
public final class EdgeController implements AutoCloseable {
    public static final String SOURCE = "edgecontroller";
    public static final String EDGE_ROLE_LABEL = NodeRestriction.EDGE_ROLE_LABEL;

    private final KubernetesClient client;
    private final UpstreamHandlers handlers = new UpstreamHandlers();
    private final DownstreamSync downstream;
    private final ReportWriter reports;
    private final ClusterInformers informers;

    /**
     * How the reports of each node reach the API server: at most {@code writesPerSecond} writes a
     * second per node, {@code burst} at once after a quiet spell, written by {@code threads} threads.
     */
    public record WriteSettings(double writesPerSecond, int burst, int threads) {
    }

    /** @param heartbeats told each time a node's status was written */
    public EdgeController(KubernetesClient client, Clock clock, DownstreamSync.Settings downstreamSettings,
            WriteSettings writeSettings, HeartbeatListener heartbeats) {
        this(client, clock, downstreamSettings, writeSettings, heartbeats, List.of());
    }

    /**
     * @param downstreamKinds kinds beyond the built-in ones that edge nodes get, each with the index of
     *                        which node needs which object (a device controller's, say): watched and
     *                        delivered by the same informers and sync loop
     */
    public EdgeController(KubernetesClient client, Clock clock, DownstreamSync.Settings downstreamSettings,
            WriteSettings writeSettings, HeartbeatListener heartbeats, List<IndexedKinds> downstreamKinds) {
        this.client = client;
        NodeStatusWriter statusWriter = new NodeStatusWriter(client);
        this.reports = new ReportWriter(ReportWriter.Settings.of(writeSettings.writesPerSecond(),
                writeSettings.burst(), writeSettings.threads()));
        handlers.register(new NodeRegistrationHandler(client, statusWriter, reports, clock).registration())
                .register(new NodeStatusHandler(client, statusWriter, reports, heartbeats, clock).registration())
                .register(new PodStatusHandler(client, reports).registration())
                .register(new PodHandler(client, reports).registration())
                // Named after a node but not handled yet: another node's name stays FORBIDDEN.
                .reserve(Set.of(ResourceTypes.NODE_PATCH, ResourceTypes.LEASE), Authorization.ownNodeOnly());
        this.downstream = new DownstreamSync(downstreamSettings, object -> KubeJson.toTree(client, object),
                downstreamKinds);
        this.informers = new ClusterInformers(downstream.kinds());
    }

    /** The upstream handlers with their rules, for CloudHub; a later controller registers its own here. */
    public UpstreamHandlers handlers() {
        return handlers;
    }

    /**
     * Where a controller's upstream handler hands its API writes, so that they share each node's rate
     * and the latest-report-per-object rule with the node's other reports.
     */
    public ReportWriter reportWriter() {
        return reports;
    }

    /** Session events CloudHub must report, for the downstream sync. */
    public NodeSessionListener sessionListener() {
        return downstream;
    }

    /** Starts watching the cluster and sending through {@code downlink}; before CloudHub accepts nodes. */
    public void start(Downlink downlink) {
        reports.start(downlink);
        downstream.start(downlink);
        informers.start(client, downstream);
    }

    /** Every informer that could list is watching: from now on the cloud-app misses no change. */
    public boolean watching() {
        return informers.watching();
    }

    public Optional<DeliveryCounters.Snapshot> delivery(String nodeName) {
        return downstream.delivery(nodeName);
    }

    public Map<String, DeliveryCounters.Snapshot> deliveryByNode() {
        return downstream.deliveryByNode();
    }

    @Override
    public void close() {
        informers.close();
        reports.close();
        downstream.close();
    }
}
