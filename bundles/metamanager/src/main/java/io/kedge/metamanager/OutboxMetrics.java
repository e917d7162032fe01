package io.kedge.metamanager;

import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.metrics.MetricsWriter;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The outbox's figures at the node's {@code /metrics}; absent, not zero, while there is no outbox. */
@Component(service = MetricsSource.class)
public class OutboxMetrics implements MetricsSource {
    private final UpstreamOutbox outbox;

    @Activate
    public OutboxMetrics(@Reference UpstreamOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void writeTo(MetricsWriter out) {
        OutboxStats s = outbox.stats();
        out.gauge("kedge_outbox_depth", "Messages waiting for the cloud's acknowledgement", s.depth());
        out.counter("kedge_outbox_put_total", "Messages put into the outbox", s.put());
        out.counter("kedge_outbox_coalesced_total", "Pending messages replaced by a newer one of their key",
                s.coalesced());
        out.counter("kedge_outbox_sent_total", "Messages sent to the cloud the first time", s.sent());
        out.counter("kedge_outbox_acked_total", "Messages the cloud acknowledged", s.acked());
        out.counter("kedge_outbox_resent_total", "Messages sent again after no answer", s.resent());
        out.counter("kedge_outbox_refused_total", "Messages the cloud refused for good", s.refused());
    }
}
