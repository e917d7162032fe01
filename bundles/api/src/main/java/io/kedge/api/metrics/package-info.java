/**
 * Metrics of the node: each module registers its {@link io.kedge.api.metrics.MetricsSource}s as
 * services; the node's {@code GET /metrics} collects them all, in the Prometheus text format.
 */
@Export
@Version("1.0.0")
package io.kedge.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
