package io.kedge.metaserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes label selector: {@code =, ==, !=, in, notin, key, !key, >, <}, requirements ANDed. */
final class LabelSelector {
    static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private static final Pattern SET_FORM = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private enum Op { EXISTS, NOT_EXISTS, EQUALS, NOT_EQUALS, IN, NOT_IN, GREATER, LESS }

    private record Requirement(String key, Op op, Set<String> values) {

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (op) {
                case EXISTS -> value != null;
                case NOT_EXISTS -> value == null;
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case GREATER, LESS -> value != null && compares(value);
            };
        }

        private boolean compares(String value) {
            try {
                long label = Long.parseLong(value);
                long bound = Long.parseLong(values.iterator().next());
                return op == Op.GREATER ? label > bound : label < bound;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    static LabelSelector parse(String text) throws ApiError {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTerms(text)) {
            requirements.add(requirement(term.trim(), text));
        }
        return new LabelSelector(List.copyOf(requirements));
    }

    boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    /** Splits on commas outside parentheses, since {@code in (a,b)} contains commas. */
    private static List<String> splitTerms(String text) throws ApiError {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(text.substring(start, i));
                start = i + 1;
            }
            if (depth < 0 || depth > 1) {
                throw bad(text, "unbalanced parentheses");
            }
        }
        if (depth != 0) {
            throw bad(text, "unbalanced parentheses");
        }
        terms.add(text.substring(start));
        return terms;
    }

    private static Requirement requirement(String term, String whole) throws ApiError {
        Matcher set = SET_FORM.matcher(term);
        if (set.matches()) {
            List<String> values = new ArrayList<>();
            for (String value : set.group(3).split(",", -1)) {
                values.add(checkValue(value.trim(), whole));
            }
            return new Requirement(checkKey(set.group(1), whole), set.group(2).equals("in") ? Op.IN : Op.NOT_IN,
                    Set.copyOf(values));
        }
        if (term.startsWith("!")) {
            return new Requirement(checkKey(term.substring(1).trim(), whole), Op.NOT_EXISTS, Set.of());
        }
        for (String operator : new String[] {"!=", "==", "=", ">", "<"}) {
            int at = term.indexOf(operator);
            if (at >= 0) {
                String key = checkKey(term.substring(0, at).trim(), whole);
                String value = checkValue(term.substring(at + operator.length()).trim(), whole);
                return new Requirement(key, operatorOf(operator, value, whole), Set.of(value));
            }
        }
        return new Requirement(checkKey(term, whole), Op.EXISTS, Set.of());
    }

    private static Op operatorOf(String operator, String value, String whole) throws ApiError {
        return switch (operator) {
            case "!=" -> Op.NOT_EQUALS;
            case ">", "<" -> {
                if (!value.matches("-?\\d+")) {
                    throw bad(whole, "'" + operator + "' needs an integer, got '" + value + "'");
                }
                yield operator.equals(">") ? Op.GREATER : Op.LESS;
            }
            default -> Op.EQUALS;
        };
    }

    private static String checkKey(String key, String whole) throws ApiError {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean prefixOk = slash < 0 || PREFIX.matcher(key.substring(0, slash)).matches();
        if (!prefixOk || !NAME.matcher(name).matches()) {
            throw bad(whole, "invalid label key '" + key + "'");
        }
        return key;
    }

    private static String checkValue(String value, String whole) throws ApiError {
        if (!value.isEmpty() && !NAME.matcher(value).matches()) {
            throw bad(whole, "invalid label value '" + value + "'");
        }
        return value;
    }

    private static ApiError bad(String selector, String why) {
        return ApiError.badRequest("unable to parse labelSelector '" + selector + "': " + why);
    }
}
