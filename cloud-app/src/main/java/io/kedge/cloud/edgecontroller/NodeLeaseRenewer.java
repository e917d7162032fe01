package io.kedge.cloud.edgecontroller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.hub.HeartbeatListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews {@code kube-node-lease/{node}} from the edge's heartbeats, as a kubelet would, so that a
 * real cluster's node lifecycle controller sees edge nodes alive.
 */
public final class NodeLeaseRenewer implements HeartbeatListener {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLeaseRenewer.class);
    static final String NAMESPACE = "kube-node-lease";
    static final int LEASE_DURATION_SECONDS = 40;

    private final KubernetesClient client;
    private final Duration minInterval;
    private final Clock clock;
    private final Map<String, Instant> lastRenewal = new ConcurrentHashMap<>();

    public NodeLeaseRenewer(KubernetesClient client, Duration minInterval, Clock clock) {
        this.client = client;
        this.minInterval = minInterval;
        this.clock = clock;
    }

    @Override
    public void heartbeat(String nodeName) {
        Instant now = clock.instant();
        Instant last = lastRenewal.get(nodeName);
        if (last != null && now.isBefore(last.plus(minInterval))) {
            return;
        }
        try {
            renew(nodeName, now);
            lastRenewal.put(nodeName, now);
        } catch (KubernetesClientException e) {
            // The next heartbeat tries again.
            LOG.warn("Renewing the lease of node {} failed: {}", nodeName, e.getMessage());
        }
    }

    private void renew(String nodeName, Instant now) {
        ZonedDateTime renewTime = now.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(nodeName).get();
        if (lease == null) {
            Lease fresh = new LeaseBuilder()
                    .withNewMetadata()
                    .withName(nodeName)
                    .withNamespace(NAMESPACE)
                    .withOwnerReferences(ownerReferences(nodeName))
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity(nodeName)
                    .withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
                    .withRenewTime(renewTime)
                    .endSpec()
                    .build();
            client.leases().inNamespace(NAMESPACE).resource(fresh).create();
            LOG.debug("Created the lease of node {}", nodeName);
            return;
        }
        lease.getSpec().setHolderIdentity(nodeName);
        lease.getSpec().setLeaseDurationSeconds(LEASE_DURATION_SECONDS);
        lease.getSpec().setRenewTime(renewTime);
        client.leases().inNamespace(NAMESPACE).resource(lease).update();
    }

    /** Owned by the Node, as the kubelet does, so deleting the Node removes its lease. */
    private List<OwnerReference> ownerReferences(String nodeName) {
        Node node = client.nodes().withName(nodeName).get();
        if (node == null || node.getMetadata().getUid() == null) {
            return List.of();
        }
        return List.of(new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(nodeName)
                .withUid(node.getMetadata().getUid())
                .build());
    }
}
