package io.kedge.api.pods;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The pods of this node as last reported to the cloud, registered by Edged. Read-only: nothing here
 * changes a pod. Names and every other text come from the cloud or from the pods themselves, so a
 * caller that renders them must escape them.
 */
@ProviderType
public interface NodePods {
    /** Every pod of this node with a reported status, sorted by namespace/name; empty, never null. */
    List<PodSummary> pods();

    /** The container runtime the node's configuration names (e.g. {@code process}, {@code containerd}). */
    String runtime();

    /** Whether that runtime is bound now; while it is not, pods stay Pending. */
    boolean runtimeAvailable();
}
