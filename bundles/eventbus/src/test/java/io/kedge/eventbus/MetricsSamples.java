package io.kedge.eventbus;

import io.kedge.api.metrics.MetricsWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** What a metrics source writes, as family name → the sum of its samples. */
final class MetricsSamples {
    private MetricsSamples() {
    }

    static Map<String, Long> of(Consumer<MetricsWriter> source) {
        Map<String, Long> samples = new ConcurrentHashMap<>();
        source.accept(new MetricsWriter() {
            private String family;

            @Override
            public MetricsWriter family(String name, Type type, String help) {
                family = name;
                return this;
            }

            @Override
            public MetricsWriter sample(long value, String... labels) {
                samples.merge(family, value, Long::sum);
                return this;
            }
        });
        return samples;
    }
}
