package io.kedge.metamanager;

import io.kedge.api.meta.ApplyStats;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.metrics.MetricsWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The store's figures at the node's {@code /metrics}: what became of the cloud's changes, and the revision. */
@Component(service = MetricsSource.class)
public class MetaMetrics implements MetricsSource {
    private final MetaStore store;

    @Activate
    public MetaMetrics(@Reference MetaStore store) {
        this.store = store;
    }

    @Override
    public void writeTo(MetricsWriter out) {
        ApplyStats applied = store.applyStats();
        out.counter("kedge_meta_applied_total", "Object changes from the cloud applied to the store",
                applied.applied());
        out.family("kedge_meta_ignored_total", MetricsWriter.Type.COUNTER,
                        "Object changes from the cloud ignored, by reason")
                .sample(applied.duplicates(), "reason", "duplicate")
                .sample(applied.older(), "reason", "older");
        out.gauge("kedge_meta_revision", "Revision of the node's store", store.revision());
    }
}
