package io.kedge.edged.env;

import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} expansion: a defined name is replaced by its value, an undefined one
 * stays as written, {@code $$} gives one {@code $}, and any other {@code $} is kept.
 */
public final class Expansion {

    private Expansion() {
    }

    public static String expand(String input, Map<String, String> defined) {
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c != '$' || i + 1 == input.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    out.append("$(");
                    i += 2;
                } else {
                    String name = input.substring(i + 2, close);
                    String value = defined.get(name);
                    out.append(value != null ? value : "$(" + name + ")");
                    i = close + 1;
                }
            } else {
                out.append('$').append(next);
                i += 2;
            }
        }
        return out.toString();
    }
}
