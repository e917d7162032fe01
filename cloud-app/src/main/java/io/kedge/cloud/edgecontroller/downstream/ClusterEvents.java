package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where informers deliver what changed in the cluster. Must not block: informer threads call it. */
public interface ClusterEvents {
    void upserted(HasMetadata object);

    void deleted(HasMetadata object);

    /** Every informer listed its kind once (or failed for good): the caches are complete enough to diff. */
    void clusterSynced();
}
