package io.kedge.cloud.metrics;

import io.kedge.cloud.edgecontroller.downstream.DeliveryCounters;
import io.kedge.protocol.kube.PrometheusText;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The cloud-app's figures in Prometheus form: sessions, per-node delivery of object messages, heap. */
public final class CloudMetrics implements Supplier<String> {
    private final IntSupplier connectedNodes;
    private final Supplier<Map<String, DeliveryCounters.Snapshot>> deliveryByNode;

    public CloudMetrics(IntSupplier connectedNodes, Supplier<Map<String, DeliveryCounters.Snapshot>> deliveryByNode) {
        this.connectedNodes = connectedNodes;
        this.deliveryByNode = deliveryByNode;
    }

    @Override
    public String get() {
        PrometheusText text = new PrometheusText();
        text.gauge("kedge_cloud_connected_nodes", "Edge nodes with an open session", connectedNodes.getAsInt());
        Map<String, DeliveryCounters.Snapshot> delivery = deliveryByNode.get();
        delivery.forEach((node, d) -> text.sample("kedge_cloud_messages_sent_total", "counter",
                "Object messages sent to the node the first time", Map.of("node", node), d.sent()));
        delivery.forEach((node, d) -> text.sample("kedge_cloud_messages_acked_total", "counter",
                "Object messages the node acknowledged after storing them", Map.of("node", node), d.acked()));
        delivery.forEach((node, d) -> text.sample("kedge_cloud_messages_resent_total", "counter",
                "Object messages sent again because no acknowledgement came in time", Map.of("node", node), d.resent()));
        delivery.forEach((node, d) -> text.sample("kedge_cloud_messages_refused_total", "counter",
                "Object messages the node refused for good", Map.of("node", node), d.refused()));
        delivery.forEach((node, d) -> text.sample("kedge_cloud_messages_unacked", "gauge",
                "Object messages waiting for the node's acknowledgement", Map.of("node", node), d.unacked()));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        text.gauge("jvm_memory_heap_used_bytes", "Heap in use", heap.getUsed());
        text.gauge("jvm_memory_heap_max_bytes", "Largest heap the JVM may use", heap.getMax());
        return text.toString();
    }
}
