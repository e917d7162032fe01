package io.kedge.protocol.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes field selector: comma-separated {@code field=value}, {@code field==value} and
 * {@code field!=value} terms, all of which must hold. As on an API server, a value may escape
 * {@code \\}, {@code \,} and {@code \=}, empty terms are skipped, and a missing field reads as "".
 * Which fields a kind offers is the caller's business: see {@link #requireSupported(Set)}.
 */
public final class FieldSelector {
    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]*");

    /** One term: {@code field} equals (or, when {@code equal} is false, differs from) {@code value}. */
    public record Requirement(String field, String value, boolean equal) {

        /** Whether {@code actual} (null: the field is missing, read as "") satisfies this term. */
        public boolean matches(String actual) {
            return (actual == null ? "" : actual).equals(value) == equal;
        }

        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + escape(value);
        }
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    /**
     * Parses a selector; null or blank selects everything.
     *
     * @throws IllegalArgumentException naming the term that is not {@code field op value}
     */
    public static FieldSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTerms(text)) {
            if (!term.isBlank()) {
                requirements.add(requirement(term, text));
            }
        }
        return new FieldSelector(List.copyOf(requirements));
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /**
     * This selector, if it names only {@code supported} fields.
     *
     * @throws IllegalArgumentException naming the first field that is not supported
     */
    public FieldSelector requireSupported(Set<String> supported) {
        for (Requirement requirement : requirements) {
            if (!supported.contains(requirement.field())) {
                throw new IllegalArgumentException("field label not supported: " + requirement.field());
            }
        }
        return this;
    }

    /** This selector and {@code field=value}, the value taken literally (no escapes). */
    public FieldSelector and(String field, String value) {
        List<Requirement> more = new ArrayList<>(requirements);
        more.add(new Requirement(field, value, true));
        return new FieldSelector(List.copyOf(more));
    }

    /** The terms {@code which} accepts, as a selector of their own. */
    public FieldSelector only(Predicate<Requirement> which) {
        return new FieldSelector(requirements.stream().filter(which).toList());
    }

    /** Whether every term holds; {@code fieldValue} gives a field's value, null when missing. */
    public boolean matches(Function<String, String> fieldValue) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(fieldValue.apply(requirement.field()))) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(Map<String, String> fields) {
        return matches(fields::get);
    }

    /** Matches the fields of a Kubernetes object in JSON, read with {@link #valueAt}. */
    public boolean matches(JsonNode object) {
        return matches(field -> valueAt(object, field));
    }

    /** The scalar at a dotted path ({@code spec.nodeName}) as text; "" when missing or not a scalar. */
    public static String valueAt(JsonNode object, String dottedPath) {
        JsonNode node = object;
        for (String step : dottedPath.split("\\.")) {
            node = node.path(step);
        }
        return node.isValueNode() && !node.isNull() ? node.asText() : "";
    }

    /** The selector in its canonical form ({@code field=value,field!=value}), as a query would carry it. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    /** Splits at commas that are not escaped. */
    private static List<String> splitTerms(String text) {
        List<String> terms = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ',') {
                terms.add(text.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(text.substring(start));
        return terms;
    }

    /** The first unescaped operator splits the term: {@code !=}, {@code ==} or {@code =}. */
    private static Requirement requirement(String term, String whole) {
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '\\') {
                i++;
            } else if (term.startsWith("!=", i) || term.startsWith("==", i)) {
                return requirement(term, whole, i, 2, c != '!');
            } else if (c == '=') {
                return requirement(term, whole, i, 1, true);
            }
        }
        throw new IllegalArgumentException("invalid field selector '" + whole + "': '" + term
                + "' has no operator (=, == or !=)");
    }

    private static Requirement requirement(String term, String whole, int at, int length, boolean equal) {
        String field = term.substring(0, at).trim();
        if (!FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException("invalid field selector '" + whole + "': '" + field
                    + "' is not a field path");
        }
        return new Requirement(field, unescape(term.substring(at + length).trim(), whole), equal);
    }

    private static String unescape(String value, String whole) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
                if (next != '\\' && next != ',' && next != '=') {
                    throw new IllegalArgumentException("invalid field selector '" + whole
                            + "': a value may only escape \\, ',' and '='");
                }
                out.append(next);
                i++;
            } else if (c == '=' || c == ',') {
                throw new IllegalArgumentException("invalid field selector '" + whole + "': unescaped '" + c
                        + "' in value '" + value + "'");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }
}
