package io.kedge.protocol;

/**
 * Text a peer chose (an operation, a resource key, a parser's complaint quoting its input) made fit
 * for one log line: control characters, line and paragraph separators and lone surrogates are
 * (and invisible format characters such as a right-to-left override) are written as {@code \\uXXXX},
 * so a peer can neither forge log lines nor hide in them, and long text
 * is cut, so one field cannot fill the log.
 */
public final class LogSafe {
    /** Characters of a peer's text that reach a log line. */
    public static final int MAX_CHARS = 256;

    private LogSafe() {
    }

    /** {@code text} escaped and cut to {@link #MAX_CHARS}; "null" for null. */
    public static String of(Object text) {
        String value = String.valueOf(text);
        int shown = Math.min(value.length(), MAX_CHARS);
        if (shown < value.length() && Character.isHighSurrogate(value.charAt(shown - 1))) {
            shown--;
        }
        StringBuilder out = null;
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (needsEscape(value, i, c)) {
                if (out == null) {
                    out = new StringBuilder(shown + 16).append(value, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out == null && shown == value.length()) {
            return value;
        }
        String escaped = out == null ? value.substring(0, shown) : out.toString();
        return shown == value.length() ? escaped : escaped + "...(" + (value.length() - shown) + " more chars)";
    }

    private static boolean needsEscape(String value, int i, char c) {
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
    }
}
