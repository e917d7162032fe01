package io.kedge.protocol.device;

import java.util.regex.Pattern;

/**
 * KubeEdge's rule for twin keys and values: letters, digits and {@code - _ . , : / @ #}, keys up to
 * 128 and values up to 512 characters. One rule for the node's DeviceTwin and the cloud, so a value
 * the cloud accepts is one the node takes.
 */
public final class TwinText {
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9\\-_.,:/@#]{1,128}");
    private static final Pattern VALUE = Pattern.compile("[a-zA-Z0-9\\-_.,:/@#]{1,512}");

    private TwinText() {
    }

    public static boolean validKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** A non-empty value that keeps to the rule (callers that allow an empty value check that first). */
    public static boolean validValue(String value) {
        return value != null && VALUE.matcher(value).matches();
    }
}
