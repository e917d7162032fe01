package io.kedge.metaserver;

import io.kedge.api.metrics.MetricsWriter;

/** A {@link MetricsWriter} into Prometheus text format 0.0.4, written by protocol's writer as the cloud's is. */
final class PrometheusText implements MetricsWriter {
    private final io.kedge.protocol.kube.PrometheusText out = new io.kedge.protocol.kube.PrometheusText();

    @Override
    public MetricsWriter family(String name, Type type, String help) {
        out.family(name, type.text(), help);
        return this;
    }

    @Override
    public MetricsWriter sample(long value, String... labels) {
        out.sample(value, labels);
        return this;
    }

    String text() {
        return out.toString();
    }
}
