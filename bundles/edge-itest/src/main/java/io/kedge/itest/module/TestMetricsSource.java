package io.kedge.itest.module;

import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.metrics.MetricsWriter;
import org.osgi.service.component.annotations.Component;

/** A module's own figures: registered as a service, shown by the node's {@code /metrics}. */
@Component(service = MetricsSource.class)
public class TestMetricsSource implements MetricsSource {
    public static final String NAME = "kedge_itest_module_answers_total";
    public static final long VALUE = 42;

    @Override
    public void writeTo(MetricsWriter out) {
        out.counter(NAME, "Answers of the test bundle's module", VALUE);
    }
}
