package io.kedge.mapper.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration data of a device or a property visitor, as the Device gives it: a JSON object held
 * as JDK values (String, Number, Boolean, List, Map). The typed getters throw
 * {@link MapperException} with {@link MapperException.Reason#BAD_CONFIG} and a message that names
 * the key, so every mapper reports bad configuration the same way.
 */
public final class ConfigData {
    public static final ConfigData EMPTY = new ConfigData("configData", Map.of());

    private final String path;
    private final Map<String, Object> values;

    private ConfigData(String path, Map<String, Object> values) {
        this.path = path;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @param values a JSON object as JDK values; nested maps are read with {@link #child} */
    public static ConfigData of(Map<String, ?> values) {
        return new ConfigData("configData", Objects.requireNonNull(values, "values").entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    /** A required text value; numbers and booleans are given as their text. */
    public String text(String key) throws MapperException {
        return optionalText(key).orElseThrow(() -> bad(key, "is required"));
    }

    public String text(String key, String fallback) throws MapperException {
        return optionalText(key).orElse(fallback);
    }

    public Optional<String> optionalText(String key) throws MapperException {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map || value instanceof List) {
            throw bad(key, "must be a single value, not " + (value instanceof Map ? "an object" : "a list"));
        }
        return Optional.of(value.toString());
    }

    /** A required whole number within {@code [min, max]}; text that holds one is accepted. */
    public long integer(String key, long min, long max) throws MapperException {
        if (!values.containsKey(key)) {
            throw bad(key, "is required");
        }
        return integer(key, min, min, max);
    }

    public long integer(String key, long fallback, long min, long max) throws MapperException {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        long number;
        if (value instanceof Number n && (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n.doubleValue() == Math.rint(n.doubleValue()))) {
            number = n.longValue();
        } else {
            try {
                number = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw bad(key, "must be a whole number, not '" + value + "'");
            }
        }
        if (number < min || number > max) {
            throw bad(key, "must be between " + min + " and " + max + ", not " + number);
        }
        return number;
    }

    /** A number; text that holds one is accepted. */
    public double number(String key, double fallback) throws MapperException {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            double number = Double.parseDouble(value.toString().trim());
            if (!Double.isFinite(number)) {
                throw bad(key, "must be a finite number, not '" + value + "'");
            }
            return number;
        } catch (NumberFormatException e) {
            throw bad(key, "must be a number, not '" + value + "'");
        }
    }

    /** {@code true}/{@code false} as a boolean or as text. */
    public boolean flag(String key, boolean fallback) throws MapperException {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(key, "must be true or false, not '" + value + "'");
    }

    /** A nested object; empty when absent. */
    public ConfigData child(String key) throws MapperException {
        Object value = values.get(key);
        if (value == null) {
            return new ConfigData(path + "." + key, Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(key, "must be an object");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                copy.put(String.valueOf(k), v);
            }
        });
        return new ConfigData(path + "." + key, copy);
    }

    /** A configuration error about {@code key}, for checks the getters do not cover. */
    public MapperException bad(String key, String problem) {
        return new MapperException(MapperException.Reason.BAD_CONFIG, path + "." + key + " " + problem);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigData data && data.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return path + values;
    }
}
