package io.kedge.mapper.virtual;

import io.kedge.mapper.api.ValueType;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Locale;

/** Text of values as the twin holds them, per {@link ValueType}. */
final class Values {
    private Values() {
    }

    /**
     * {@code text} checked against {@code type} and normalised ({@code TRUE} → {@code true}, {@code 1.50} →
     * {@code 1.5} for float and double).
     *
     * @throws IllegalArgumentException saying why the text is no value of that type
     */
    static String parse(ValueType type, String text) {
        String trimmed = text.trim();
        switch (type) {
            case INT -> {
                try {
                    return Long.toString(Long.parseLong(trimmed));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a whole number (type int)");
                }
            }
            case FLOAT, DOUBLE -> {
                return format(finite(trimmed, type), type);
            }
            case BOOLEAN -> {
                if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                    return trimmed.toLowerCase(Locale.ROOT);
                }
                throw new IllegalArgumentException("'" + text + "' is not true or false (type boolean)");
            }
            case BYTES -> {
                try {
                    Base64.getDecoder().decode(trimmed);
                    return trimmed;
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + text + "' is not base64 (type bytes)");
                }
            }
            default -> {
                return text;
            }
        }
    }

    /** A number as a value of {@code type}: rounded for int, float precision for float, plain notation. */
    static String format(double value, ValueType type) {
        return switch (type) {
            case INT -> Long.toString(Math.round(value));
            case FLOAT -> plain(Float.toString((float) value));
            case DOUBLE, STRING -> plain(Double.toString(value));
            default -> throw new IllegalArgumentException("a number is no " + name(type) + " value");
        };
    }

    /** A whole number as a value of {@code type}. */
    static String format(long value, ValueType type) {
        return type == ValueType.INT || type == ValueType.STRING ? Long.toString(value) : format((double) value, type);
    }

    /** Whether numbers can be shown as values of {@code type}. */
    static boolean numeric(ValueType type) {
        return type == ValueType.INT || type == ValueType.FLOAT || type == ValueType.DOUBLE || type == ValueType.STRING;
    }

    static double finite(String text, ValueType type) {
        try {
            double number = Double.parseDouble(text.trim());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not a finite number (type " + name(type) + ")");
    }

    static String name(ValueType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    // 1.0E-5 → 0.00001: twins and charts read plain decimals
    private static String plain(String javaText) {
        return javaText.contains("E") ? new BigDecimal(javaText).toPlainString() : javaText;
    }
}
