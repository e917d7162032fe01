package io.kedge.devicetwin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON byte for byte as Go's {@code encoding/json} does, so our payloads equal KubeEdge's:
 * no spaces, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, lowercase hex escapes,
 * and a lone surrogate written as U+FFFD (Go's replacement for invalid UTF-8).
 */
final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    /** Per open object or array: whether it has an element yet. */
    private final Deque<boolean[]> open = new ArrayDeque<>();
    private boolean afterName;

    GoJson beginObject() {
        separate();
        out.append('{');
        open.push(new boolean[1]);
        return this;
    }

    GoJson endObject() {
        open.pop();
        out.append('}');
        return this;
    }

    GoJson beginArray() {
        separate();
        out.append('[');
        open.push(new boolean[1]);
        return this;
    }

    GoJson endArray() {
        open.pop();
        out.append(']');
        return this;
    }

    GoJson name(String name) {
        separate();
        quote(name);
        out.append(':');
        afterName = true;
        return this;
    }

    GoJson string(String value) {
        separate();
        quote(value);
        return this;
    }

    GoJson number(long value) {
        separate();
        out.append(value);
        return this;
    }

    GoJson bool(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    GoJson nul() {
        separate();
        out.append("null");
        return this;
    }

    byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        boolean[] hasElement = open.peek();
        if (hasElement != null) {
            if (hasElement[0]) {
                out.append(',');
            }
            hasElement[0] = true;
        }
    }

    private void quote(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(c);
                default -> {
                    if (c < 0x20) {
                        unicode(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicode('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void unicode(char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }
}
