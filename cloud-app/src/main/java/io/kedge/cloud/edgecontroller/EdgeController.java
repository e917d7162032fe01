package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.edgecontroller.downstream.ClusterInformers;
import io.kedge.cloud.edgecontroller.downstream.DeliveryCounters;
import io.kedge.cloud.edgecontroller.downstream.DownstreamSync;
import io.kedge.cloud.hub.Downlink;
import io.kedge.cloud.hub.HeartbeatListener;
import io.kedge.cloud.hub.NodeSessionListener;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.ResourceTypes;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Up: applies what edge nodes report about themselves and their pods to Kubernetes, rate-limited
 * per node and latest report per object first ({@link ReportWriter}). Down: keeps
 * each edge node holding the objects it needs ({@link DownstreamSync}).
 */
public final class EdgeController implements AutoCloseable {
    public static final String SOURCE = "edgecontroller";
    public static final String EDGE_ROLE_LABEL = NodeRestriction.EDGE_ROLE_LABEL;

    private final KubernetesClient client;
    private final Map<String, ResourceHandler> handlers;
    private final DownstreamSync downstream;
    private final ReportWriter reports;
    private final ClusterInformers informers = new ClusterInformers();

    /**
     * How the reports of each node reach the API server: at most {@code writesPerSecond} writes a
     * second per node, {@code burst} at once after a quiet spell, written by {@code threads} threads.
     */
    public record WriteSettings(double writesPerSecond, int burst, int threads) {
    }

    /** @param heartbeats told each time a node's status was written */
    public EdgeController(KubernetesClient client, Clock clock, DownstreamSync.Settings downstreamSettings,
            WriteSettings writeSettings, HeartbeatListener heartbeats) {
        this.client = client;
        NodeStatusWriter statusWriter = new NodeStatusWriter(client);
        this.reports = new ReportWriter(ReportWriter.Settings.of(writeSettings.writesPerSecond(),
                writeSettings.burst(), writeSettings.threads()));
        this.handlers = Map.of(
                ResourceTypes.NODE, new NodeRegistrationHandler(client, statusWriter, reports, clock),
                ResourceTypes.NODE_STATUS, new NodeStatusHandler(client, statusWriter, reports, heartbeats, clock),
                ResourceTypes.POD_STATUS, new PodStatusHandler(client, reports));
        this.downstream = new DownstreamSync(downstreamSettings, object -> KubeJson.toTree(client, object));
    }

    /** Handlers by resource type, for CloudHub. */
    public Map<String, ResourceHandler> handlers() {
        return handlers;
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

    public java.util.Map<String, DeliveryCounters.Snapshot> deliveryByNode() {
        return downstream.deliveryByNode();
    }

    @Override
    public void close() {
        informers.close();
        reports.close();
        downstream.close();
    }
}
