package io.kedge.metaserver;

import io.kedge.api.metrics.MetricsSource;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's figures at {@code GET /metrics}, in the Prometheus text format: what every registered
 * {@link MetricsSource} writes. A source that fails is left out (and logged); the others still show.
 */
final class EdgeMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(EdgeMetrics.class);

    private final Supplier<List<MetricsSource>> sources;

    EdgeMetrics(Supplier<List<MetricsSource>> sources) {
        this.sources = sources;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (MetricsSource source : sources.get()) {
            // each source into its own buffer: a failure halfway must not leave half a family
            PrometheusText text = new PrometheusText();
            try {
                source.writeTo(text);
                out.append(text.text());
            } catch (RuntimeException e) {
                LOG.warn("Metrics source {} failed; its figures are left out: {}", source, e.toString());
            }
        }
        return out.toString();
    }
}
