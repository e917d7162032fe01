package io.kedge.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Figures of one module, registered as an OSGi service (whiteboard); {@code GET /metrics} calls
 * every registered source. A source owns the families it declares: two sources must not declare
 * the same name.
 */
@ConsumerType
public interface MetricsSource {

    /** Writes the source's current figures; called on a request thread, so it must be quick. */
    void writeTo(MetricsWriter out);
}
