package io.kedge.mapper.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One value read from a device property.
 *
 * @param value the value as text, as the twin holds it ({@code 21.5}, {@code true}, ...)
 * @param time  when the device produced or the mapper read it
 */
public record Reading(String value, Instant time) {
    public Reading {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(time, "time");
    }

    /** A reading taken now. */
    public static Reading now(String value) {
        return new Reading(value, Instant.now());
    }
}
