package io.kedge.mapper.api;

import java.util.Objects;

/**
 * A mapper's health.
 *
 * @param healthy whether it can serve devices now
 * @param reason  why not, for an operator; empty when healthy
 */
public record MapperHealth(boolean healthy, String reason) {
    public static final MapperHealth HEALTHY = new MapperHealth(true, "");

    public MapperHealth {
        Objects.requireNonNull(reason, "reason");
    }

    public static MapperHealth unhealthy(String reason) {
        return new MapperHealth(false, reason);
    }
}
