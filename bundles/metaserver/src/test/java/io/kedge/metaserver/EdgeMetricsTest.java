package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.meta.ApplyStats;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Message;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: the figures end-to-end tests read to prove delivery, in Prometheus text format. */
class EdgeMetricsTest {
    private final FakeMetaStore store = new FakeMetaStore();
    private final AtomicReference<UpstreamOutbox> outbox = new AtomicReference<>();
    private RunningServer running;

    @BeforeEach
    void start() throws Exception {
        running = RunningServer.start(store, ServerSettings.defaults(), () -> Optional.ofNullable(outbox.get()));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void everyFigureOfTheStoreAndTheOutboxUnderItsName() throws Exception {
        store.applyStats(new ApplyStats(17, 3, 2));
        outbox.set(outboxWith(new OutboxStats(4, 40, 5, 33, 30, 6, 1)));

        HttpResponse<String> response = running.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(samples(response.body())).containsAllEntriesOf(Map.of(
                "kedge_meta_applied_total", 17L,
                "kedge_meta_ignored_total{reason=\"duplicate\"}", 3L,
                "kedge_meta_ignored_total{reason=\"older\"}", 2L,
                "kedge_outbox_depth", 4L,
                "kedge_outbox_put_total", 40L,
                "kedge_outbox_coalesced_total", 5L,
                "kedge_outbox_sent_total", 33L,
                "kedge_outbox_acked_total", 30L,
                "kedge_outbox_resent_total", 6L,
                "kedge_outbox_refused_total", 1L));
    }

    @Test
    void everySampleBelongsToADeclaredFamily() throws Exception {
        outbox.set(outboxWith(new OutboxStats(0, 0, 0, 0, 0, 0, 0)));
        Set<String> typed = new HashSet<>();
        for (String line : running.get("/metrics").body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts[3]).isIn("counter", "gauge");
                assertThat(typed.add(parts[2])).as("declared once: " + parts[2]).isTrue();
            } else if (!line.startsWith("#")) {
                String family = line.split("[{ ]")[0];
                assertThat(typed).as("TYPE before " + line).contains(family);
                assertThat(family.endsWith("_total")).isEqualTo(!family.equals("kedge_outbox_depth")
                        && !family.equals("kedge_meta_revision"));
            }
        }
    }

    @Test
    void withoutAnOutboxItsFiguresAreAbsentNotZero() throws Exception {
        String body = running.get("/metrics").body();
        assertThat(body).contains("kedge_meta_applied_total 0\n").doesNotContain("kedge_outbox_");
    }

    private static Map<String, Long> samples(String body) {
        Map<String, Long> samples = new LinkedHashMap<>();
        body.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        });
        return samples;
    }

    private static UpstreamOutbox outboxWith(OutboxStats stats) {
        return new UpstreamOutbox() {
            @Override
            public void put(String key, Message message) {
                throw new UnsupportedOperationException("only read here");
            }

            @Override
            public OutboxStats stats() {
                return stats;
            }
        };
    }
}
