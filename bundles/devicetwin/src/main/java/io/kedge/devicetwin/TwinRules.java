package io.kedge.devicetwin;

import io.kedge.protocol.device.TwinText;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What KubeEdge accepts as twin keys and values, with its error texts (mappers may match on them).
 */
final class TwinRules {
    static final String ERROR_UNMARSHAL = "Unmarshal update request body failed, please check the request";
    static final String ERROR_UPDATE = "Update twin error, key:twin does not exist";
    static final String ERROR_KEY = "The key of twin must only include upper or lowercase letters, number, english,"
            + " and special letter - _ . , : / @ # and the length of key should be less than 128 bytes";
    static final String ERROR_VALUE = "The value of twin must only include upper or lowercase letters, number,"
            + " english, and special letter - _ . , : / @ # and the length of value should be less than 512 bytes";

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(inf|infinity|nan)");

    private TwinRules() {
    }

    static boolean validKey(String key) {
        return TwinText.validKey(key);
    }

    /** An empty value is allowed (it is not checked), as KubeEdge does. */
    static boolean validValue(String value) {
        return value.isEmpty() || TwinText.validValue(value);
    }

    /**
     * Checks {@code value} against the twin's type.
     *
     * @return null when it fits, else KubeEdge's reason
     */
    static String typeError(String type, String value) {
        switch (type) {
            case "", "string", Twin.DELETED:
                return null;
            case "int", "integer":
                return fitsLong(value) ? null : "the value is not int or integer";
            // KubeEdge's edge knows no "double" though its CRD offers it; it is checked as float here
            case "float", "double":
                return fitsDouble(value) ? null : "the value is not float";
            case "boolean":
                return value.equals("true") || value.equals("false") ? null : "the bool value must be true or false";
            default:
                return "the value type is not allowed";
        }
    }

    private static boolean fitsLong(String value) {
        if (!INTEGER.matcher(value).matches()) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean fitsDouble(String value) {
        if (SPECIAL.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
            return true;
        }
        // Go's ParseFloat refuses what overflows; Java would give an infinity
        return DECIMAL.matcher(value).matches() && Double.isFinite(Double.parseDouble(value));
    }
}
