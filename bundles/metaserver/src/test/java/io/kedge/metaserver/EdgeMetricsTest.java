package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.metrics.MetricsWriter;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: what every registered {@link MetricsSource} writes, in Prometheus text format. */
class EdgeMetricsTest {
    private final FakeMetaStore store = new FakeMetaStore();
    private final List<MetricsSource> sources = new CopyOnWriteArrayList<>();
    private RunningServer running;

    @BeforeEach
    void start() throws Exception {
        running = RunningServer.start(store, ServerSettings.defaults(), Optional::empty, () -> List.copyOf(sources));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void everyFigureOfEveryRegisteredSourceUnderItsName() throws Exception {
        sources.add(out -> out.counter("kedge_a_total", "A's count", 17)
                .family("kedge_a_ignored_total", MetricsWriter.Type.COUNTER, "A's ignored, by reason")
                .sample(3, "reason", "duplicate").sample(2, "reason", "older"));
        sources.add(out -> out.gauge("kedge_b_depth", "B's depth", 4));

        HttpResponse<String> response = running.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(samples(response.body())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kedge_a_total", 17L,
                "kedge_a_ignored_total{reason=\"duplicate\"}", 3L,
                "kedge_a_ignored_total{reason=\"older\"}", 2L,
                "kedge_b_depth", 4L));
    }

    @Test
    void everySampleBelongsToADeclaredFamily() throws Exception {
        sources.add(out -> out.counter("kedge_a_total", "A", 1).gauge("kedge_a_depth", "A's depth", 0)
                .family("kedge_a_labelled_total", MetricsWriter.Type.COUNTER, "labelled").sample(5, "k", "v"));
        Set<String> typed = new HashSet<>();
        for (String line : running.get("/metrics").body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts[3]).isIn("counter", "gauge");
                assertThat(typed.add(parts[2])).as("declared once: " + parts[2]).isTrue();
            } else if (!line.startsWith("#")) {
                assertThat(typed).as("TYPE before " + line).contains(line.split("[{ ]")[0]);
            }
        }
        assertThat(typed).containsExactlyInAnyOrder("kedge_a_total", "kedge_a_depth", "kedge_a_labelled_total");
    }

    @Test
    void aFailingSourceIsLeftOutWholeAndTheOthersStillShow() throws Exception {
        sources.add(out -> {
            out.counter("kedge_broken_total", "half written", 1);
            throw new IllegalStateException("store closed");
        });
        sources.add(out -> out.counter("kedge_fine_total", "fine", 7));

        String body = running.get("/metrics").body();

        assertThat(body).doesNotContain("kedge_broken_total").contains("kedge_fine_total 7\n");
    }

    @Test
    void withoutSourcesTheAnswerIsEmpty() throws Exception {
        HttpResponse<String> response = running.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void labelValuesAndHelpAreEscapedAndBadNamesRefused() {
        PrometheusText text = new PrometheusText();
        text.family("kedge_x_total", MetricsWriter.Type.COUNTER, "line\nbreak").sample(1, "path", "a\"b\\c\nd");

        assertThat(text.text()).isEqualTo("# HELP kedge_x_total line\\nbreak\n# TYPE kedge_x_total counter\n"
                + "kedge_x_total{path=\"a\\\"b\\\\c\\nd\"} 1\n");
        assertThatThrownBy(() -> text.family("bad name", MetricsWriter.Type.GAUGE, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> text.sample(1, "bad-label", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> text.sample(1, "odd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrometheusText().sample(1)).isInstanceOf(IllegalStateException.class);
    }

    private static Map<String, Long> samples(String body) {
        Map<String, Long> samples = new LinkedHashMap<>();
        body.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        });
        return samples;
    }
}
