package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.edgecontroller.downstream.ClusterInformers;
import io.kedge.cloud.edgecontroller.downstream.DeliveryCounters;
import io.kedge.cloud.edgecontroller.downstream.DownstreamSync;
import io.kedge.cloud.hub.Downlink;
import io.kedge.cloud.hub.NodeSessionListener;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.ResourceTypes;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Up: applies what edge nodes report about themselves and their pods to Kubernetes. Down: keeps
 * each edge node holding the objects it needs ({@link DownstreamSync}).
 */
public final class EdgeController implements AutoCloseable {
    public static final String SOURCE = "edgecontroller";
    public static final String EDGE_ROLE_LABEL = "node-role.kubernetes.io/edge";

    private final KubernetesClient client;
    private final Map<String, ResourceHandler> handlers;
    private final DownstreamSync downstream;
    private final ClusterInformers informers = new ClusterInformers();

    public EdgeController(KubernetesClient client, Clock clock, DownstreamSync.Settings downstreamSettings) {
        this.client = client;
        NodeStatusWriter statusWriter = new NodeStatusWriter(client);
        this.handlers = Map.of(
                ResourceTypes.NODE, new NodeRegistrationHandler(client, statusWriter, clock),
                ResourceTypes.NODE_STATUS, new NodeStatusHandler(client, statusWriter, clock),
                ResourceTypes.POD_STATUS, new PodStatusHandler(client));
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
        downstream.close();
    }
}
