package io.kedge.protocol.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one Prometheus text writer of the cloud's and the edge's /metrics. */
class PrometheusTextTest {

    @Test
    void writesFamiliesAndEscapes() {
        PrometheusText text = new PrometheusText();
        text.family("kedge_x_total", "counter", "line\nbreak \\").sample(1, "path", "a\"b\\c\nd", "k", "v");
        assertThat(text.toString()).isEqualTo("# HELP kedge_x_total line\\nbreak \\\\\n# TYPE kedge_x_total counter\n"
                + "kedge_x_total{path=\"a\\\"b\\\\c\\nd\",k=\"v\"} 1\n");
    }

    @Test
    void describesAFamilyOnceAndSortsMapLabels() {
        PrometheusText text = new PrometheusText();
        text.sample("m", "gauge", "help", Map.of("z", "1", "a", "2"), 1.5)
                .sample("m", "gauge", "help", Map.of("a", "3"), 2.0)
                .gauge("g", "heap", 1024);
        assertThat(text.toString()).isEqualTo("# HELP m help\n# TYPE m gauge\nm{a=\"2\",z=\"1\"} 1.5\nm{a=\"3\"} 2\n"
                + "# HELP g heap\n# TYPE g gauge\ng 1024\n");
    }

    @Test
    void refusesBadNamesAndSamplesWithoutAFamily() {
        assertThatThrownBy(() -> new PrometheusText().family("bad name", "gauge", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrometheusText().family("ok", "kind", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        PrometheusText text = new PrometheusText().family("ok", "gauge", "x");
        assertThatThrownBy(() -> text.sample(1, "bad-label", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThat(text.toString()).doesNotContain("bad-label");
        assertThatThrownBy(() -> new PrometheusText().sample(1)).isInstanceOf(IllegalStateException.class);
    }
}
