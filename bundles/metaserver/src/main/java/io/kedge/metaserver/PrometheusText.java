package io.kedge.metaserver;

import io.kedge.api.metrics.MetricsWriter;
import java.util.regex.Pattern;

/** A {@link MetricsWriter} into Prometheus text format 0.0.4. */
final class PrometheusText implements MetricsWriter {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder();
    private String family;

    @Override
    public MetricsWriter family(String name, Type type, String help) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.text()).append('\n');
        family = name;
        return this;
    }

    @Override
    public MetricsWriter sample(long value, String... labels) {
        if (family == null) {
            throw new IllegalStateException("a sample needs a family first");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come as name, value pairs");
        }
        out.append(family);
        for (int i = 0; i < labels.length; i += 2) {
            if (labels[i] == null || !LABEL_NAME.matcher(labels[i]).matches()) {
                throw new IllegalArgumentException("not a label name: " + labels[i]);
            }
            out.append(i == 0 ? '{' : ',').append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1]))
                    .append('"');
        }
        if (labels.length > 0) {
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    String text() {
        return out.toString();
    }

    private static String escapeHelp(String help) {
        return String.valueOf(help).replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String value) {
        return String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
