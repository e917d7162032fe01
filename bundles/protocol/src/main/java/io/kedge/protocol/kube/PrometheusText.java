package io.kedge.protocol.kube;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one HELP and TYPE line per metric
 * family, then its samples. Metric and label names are checked, HELP text and label values escaped
 * as the format requires. Whole numbers print without a fraction.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private final StringBuilder out = new StringBuilder();
    private final Set<String> described = new HashSet<>();
    private String family;

    /**
     * Starts a family: its HELP and TYPE lines; the samples that follow belong to it.
     *
     * @throws IllegalArgumentException if {@code name} is not a metric name or {@code type} not a type
     */
    public PrometheusText family(String name, String type, String help) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("not a metric type: " + type);
        }
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        described.add(name);
        family = name;
        return this;
    }

    /** A sample of the current family; {@code labels} come as name, value pairs, in the order given. */
    public PrometheusText sample(long value, String... labels) {
        return sample(Long.toString(value), labels);
    }

    /** A sample of the current family; {@code labels} come as name, value pairs, in the order given. */
    public PrometheusText sample(double value, String... labels) {
        return sample(format(value), labels);
    }

    public PrometheusText counter(String name, String help, double value) {
        return sample(name, "counter", help, Map.of(), value);
    }

    public PrometheusText gauge(String name, String help, double value) {
        return sample(name, "gauge", help, Map.of(), value);
    }

    /** One sample of a family, labels sorted by name; the family is described with its first sample. */
    public PrometheusText sample(String name, String type, String help, Map<String, String> labels, double value) {
        if (!described.contains(name)) {
            family(name, type, help);
        }
        family = name;
        String[] pairs = new String[labels.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            pairs[i++] = label.getKey();
            pairs[i++] = label.getValue();
        }
        return sample(value, pairs);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private PrometheusText sample(String value, String[] labels) {
        if (family == null) {
            throw new IllegalStateException("a sample needs a family first");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come as name, value pairs");
        }
        int start = out.length();
        out.append(family);
        for (int i = 0; i < labels.length; i += 2) {
            if (labels[i] == null || !LABEL_NAME.matcher(labels[i]).matches()) {
                out.setLength(start);
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

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static String escapeHelp(String help) {
        return String.valueOf(help).replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String value) {
        return String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
