package io.kedge.edged.pod;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.runtime.api.ContainerSpec;
import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes resource quantities ({@code 500m}, {@code 1.5}, {@code 128Mi}, {@code 1G}) as numbers. */
final class Quantities {
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("k", BigDecimal.valueOf(1_000L)), Map.entry("M", BigDecimal.valueOf(1_000_000L)),
            Map.entry("G", BigDecimal.valueOf(1_000_000_000L)), Map.entry("T", BigDecimal.valueOf(1_000_000_000_000L)),
            Map.entry("m", new BigDecimal("0.001")));

    private Quantities() {
    }

    static ContainerSpec.Resources resources(JsonNode resources) {
        return new ContainerSpec.Resources(millis(resources.path("limits").path("cpu")),
                value(resources.path("limits").path("memory")).longValue(),
                millis(resources.path("requests").path("cpu")));
    }

    private static long millis(JsonNode cpu) {
        return value(cpu).multiply(BigDecimal.valueOf(1000)).longValue();
    }

    /** The quantity's value; 0 when absent or unreadable (no limit). */
    static BigDecimal value(JsonNode quantity) {
        String text = quantity.asText("").trim();
        if (text.isEmpty()) {
            return BigDecimal.ZERO;
        }
        try {
            for (int len = 2; len >= 1; len--) {
                if (text.length() > len) {
                    BigDecimal factor = SUFFIXES.get(text.substring(text.length() - len));
                    if (factor != null) {
                        return new BigDecimal(text.substring(0, text.length() - len)).multiply(factor);
                    }
                }
            }
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }
}
