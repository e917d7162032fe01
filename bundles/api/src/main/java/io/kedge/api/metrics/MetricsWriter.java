package io.kedge.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Appends Prometheus text samples. Declare a family, then write its samples; names and labels are
 * checked ({@link IllegalArgumentException}), label values escaped.
 */
@ProviderType
public interface MetricsWriter {

    /** A family's kind, as Prometheus types it. */
    enum Type {
        COUNTER("counter"), GAUGE("gauge");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        /** As written on the {@code # TYPE} line. */
        public String text() {
            return text;
        }
    }

    /** Starts a family: its {@code # HELP} and {@code # TYPE} lines. A counter's name ends in {@code _total}. */
    MetricsWriter family(String name, Type type, String help);

    /**
     * One sample of the family started last.
     *
     * @param labels label names and values, alternating ({@code "reason", "older"})
     */
    MetricsWriter sample(long value, String... labels);

    /** A family of one unlabelled counter sample. */
    default MetricsWriter counter(String name, String help, long value) {
        return family(name, Type.COUNTER, help).sample(value);
    }

    /** A family of one unlabelled gauge sample. */
    default MetricsWriter gauge(String name, String help, long value) {
        return family(name, Type.GAUGE, help).sample(value);
    }
}
