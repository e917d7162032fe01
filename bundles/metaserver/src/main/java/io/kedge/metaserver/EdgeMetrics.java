package io.kedge.metaserver;

import io.kedge.api.meta.ApplyStats;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import java.util.Optional;
import java.util.function.Supplier;

/** The node's figures at {@code GET /metrics}, in the Prometheus text format. */
final class EdgeMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetaStore store;
    private final Supplier<Optional<UpstreamOutbox>> outbox;

    EdgeMetrics(MetaStore store, Supplier<Optional<UpstreamOutbox>> outbox) {
        this.store = store;
        this.outbox = outbox;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        ApplyStats applied = store.applyStats();
        family(out, "kedge_meta_applied_total", "counter", "Object changes from the cloud applied to the store");
        sample(out, "kedge_meta_applied_total", applied.applied());
        family(out, "kedge_meta_ignored_total", "counter", "Object changes from the cloud ignored, by reason");
        sample(out, "kedge_meta_ignored_total{reason=\"duplicate\"}", applied.duplicates());
        sample(out, "kedge_meta_ignored_total{reason=\"older\"}", applied.older());
        family(out, "kedge_meta_revision", "gauge", "Revision of the node's store");
        sample(out, "kedge_meta_revision", store.revision());
        Optional<OutboxStats> stats = outbox.get().map(UpstreamOutbox::stats);
        if (stats.isPresent()) {
            OutboxStats s = stats.get();
            gauge(out, "kedge_outbox_depth", "Messages waiting for the cloud's acknowledgement", s.depth());
            counter(out, "kedge_outbox_put_total", "Messages put into the outbox", s.put());
            counter(out, "kedge_outbox_coalesced_total", "Pending messages replaced by a newer one of their key",
                    s.coalesced());
            counter(out, "kedge_outbox_sent_total", "Messages sent to the cloud the first time", s.sent());
            counter(out, "kedge_outbox_acked_total", "Messages the cloud acknowledged", s.acked());
            counter(out, "kedge_outbox_resent_total", "Messages sent again after no answer", s.resent());
            counter(out, "kedge_outbox_refused_total", "Messages the cloud refused for good", s.refused());
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        family(out, name, "gauge", help);
        sample(out, name, value);
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        family(out, name, "counter", help);
        sample(out, name, value);
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String series, long value) {
        out.append(series).append(' ').append(value).append('\n');
    }
}
