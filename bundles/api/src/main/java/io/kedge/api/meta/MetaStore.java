package io.kedge.api.meta;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Read access to the objects the node holds (writes come only from the cloud, via MetaManager). */
@ProviderType
public interface MetaStore {

    Optional<MetaObject> get(String namespace, String type, String name);

    /** Objects of {@code type}, in key order; {@code namespace} null means all namespaces. */
    List<MetaObject> list(String type, String namespace);

    /** The revision of the last change applied (0 for an empty, new store). */
    long revision();

    /** uid → resourceVersion of everything held: what the node tells the cloud on reconnect. */
    Map<String, String> inventory();

    /** Counters of applied and ignored changes, for metrics. */
    default ApplyStats applyStats() {
        return ApplyStats.NONE;
    }
}
