package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.meta.ApplyStats;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.metrics.MetricsWriter;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** MetaManager's figures at the node's {@code /metrics}, under the names end-to-end tests read. */
class MetaMetricsTest {

    @Test
    void theStoreShowsWhatBecameOfTheCloudsChangesAndItsRevision() {
        Recorder out = new Recorder();

        new MetaMetrics(storeWith(new ApplyStats(17, 3, 2), 42)).writeTo(out);

        assertThat(out.samples).containsExactlyEntriesOf(orderedMap(
                "kedge_meta_applied_total", 17L,
                "kedge_meta_ignored_total{reason=duplicate}", 3L,
                "kedge_meta_ignored_total{reason=older}", 2L,
                "kedge_meta_revision", 42L));
        assertThat(out.types).containsExactlyEntriesOf(orderedMap(
                "kedge_meta_applied_total", MetricsWriter.Type.COUNTER,
                "kedge_meta_ignored_total", MetricsWriter.Type.COUNTER,
                "kedge_meta_revision", MetricsWriter.Type.GAUGE));
    }

    @Test
    void theOutboxShowsItsDepthAndEveryCounter() {
        Recorder out = new Recorder();

        new OutboxMetrics(outboxWith(new OutboxStats(4, 40, 5, 33, 30, 6, 1))).writeTo(out);

        assertThat(out.samples).containsExactlyEntriesOf(orderedMap(
                "kedge_outbox_depth", 4L,
                "kedge_outbox_put_total", 40L,
                "kedge_outbox_coalesced_total", 5L,
                "kedge_outbox_sent_total", 33L,
                "kedge_outbox_acked_total", 30L,
                "kedge_outbox_resent_total", 6L,
                "kedge_outbox_refused_total", 1L));
        assertThat(out.types).containsEntry("kedge_outbox_depth", MetricsWriter.Type.GAUGE)
                .containsEntry("kedge_outbox_put_total", MetricsWriter.Type.COUNTER);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }

    /** Keeps samples as {@code family{label=value}} and each family's type. */
    private static final class Recorder implements MetricsWriter {
        final Map<String, Long> samples = new LinkedHashMap<>();
        final Map<String, Type> types = new LinkedHashMap<>();
        private String family;

        @Override
        public MetricsWriter family(String name, Type type, String help) {
            assertThat(types.put(name, type)).as("declared once: " + name).isNull();
            assertThat(help).isNotBlank();
            family = name;
            return this;
        }

        @Override
        public MetricsWriter sample(long value, String... labels) {
            StringBuilder series = new StringBuilder(family);
            for (int i = 0; i < labels.length; i += 2) {
                series.append(i == 0 ? '{' : ',').append(labels[i]).append('=').append(labels[i + 1]);
            }
            samples.put(labels.length == 0 ? series.toString() : series.append('}').toString(), value);
            return this;
        }
    }

    private static MetaStore storeWith(ApplyStats stats, long revision) {
        return new MetaStore() {
            @Override
            public Optional<MetaObject> get(String namespace, String type, String name) {
                return Optional.empty();
            }

            @Override
            public List<MetaObject> list(String type, String namespace) {
                return List.of();
            }

            @Override
            public long revision() {
                return revision;
            }

            @Override
            public Map<String, String> inventory() {
                return Map.of();
            }

            @Override
            public ApplyStats applyStats() {
                return stats;
            }
        };
    }

    private static UpstreamOutbox outboxWith(OutboxStats stats) {
        return new UpstreamOutbox() {
            @Override
            public void put(String key, Message message) {
                throw new UnsupportedOperationException("only read here");
            }

            @Override
            public CompletableFuture<Void> putAsync(String key, Message message) {
                throw new UnsupportedOperationException("only read here");
            }

            @Override
            public OutboxStats stats() {
                return stats;
            }
        };
    }
}
