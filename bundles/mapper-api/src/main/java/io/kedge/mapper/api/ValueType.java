package io.kedge.mapper.api;

import java.util.Locale;

/** A property's value type, as a DeviceModel declares it ({@code spec.properties[].type}). */
public enum ValueType {
    INT, FLOAT, DOUBLE, STRING, BOOLEAN, BYTES;

    /**
     * The type a model names, in any case ({@code int}, {@code INT}); {@link #STRING} for an
     * absent name.
     *
     * @throws IllegalArgumentException for a name that is none of these
     */
    public static ValueType of(String name) {
        if (name == null || name.isBlank()) {
            return STRING;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown property type '" + name + "' (int, float, double, string, boolean, bytes)");
        }
    }
}
