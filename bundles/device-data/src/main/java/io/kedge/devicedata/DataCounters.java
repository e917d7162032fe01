package io.kedge.devicedata;

import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.metrics.MetricsWriter;
import java.util.concurrent.atomic.AtomicLong;

/** What device data did with the readings, shown at the node's {@code GET /metrics}. */
final class DataCounters implements MetricsSource {
    final AtomicLong stored = new AtomicLong();
    final AtomicLong storeDropped = new AtomicLong();
    final AtomicLong pruned = new AtomicLong();
    final AtomicLong mqttPublished = new AtomicLong();
    final AtomicLong mqttFailed = new AtomicLong();
    final AtomicLong mqttSkipped = new AtomicLong();
    final AtomicLong httpPosted = new AtomicLong();
    final AtomicLong httpFailed = new AtomicLong();
    final AtomicLong httpDropped = new AtomicLong();

    @Override
    public void writeTo(MetricsWriter out) {
        out.counter("kedge_devicedata_stored_total", "Readings kept in the local time series", stored.get());
        out.counter("kedge_devicedata_store_dropped_total",
                "Readings not kept: the write queue was full or the store failed", storeDropped.get());
        out.counter("kedge_devicedata_pruned_total", "Readings removed by retention", pruned.get());
        out.family("kedge_devicedata_push_total", MetricsWriter.Type.COUNTER, "Readings pushed per pushMethod, by outcome")
                .sample(mqttPublished.get(), "method", "mqtt", "outcome", "sent")
                .sample(mqttFailed.get(), "method", "mqtt", "outcome", "failed")
                .sample(mqttSkipped.get(), "method", "mqtt", "outcome", "skipped")
                .sample(httpPosted.get(), "method", "http", "outcome", "sent")
                .sample(httpFailed.get(), "method", "http", "outcome", "failed")
                .sample(httpDropped.get(), "method", "http", "outcome", "skipped");
    }
}
