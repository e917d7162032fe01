package io.kedge.cloud.metrics;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one HELP and TYPE line per metric
 * family, then its samples. Label values are escaped as the format requires.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();
    private final Set<String> described = new LinkedHashSet<>();

    public PrometheusText counter(String name, String help, double value) {
        return sample(name, "counter", help, Map.of(), value);
    }

    public PrometheusText gauge(String name, String help, double value) {
        return sample(name, "gauge", help, Map.of(), value);
    }

    /** One sample of a family; the family's HELP and TYPE are written with its first sample. */
    public PrometheusText sample(String name, String type, String help, Map<String, String> labels, double value) {
        if (described.add(name)) {
            out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : new java.util.TreeMap<>(labels).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : Double.toString(value);
    }
}
