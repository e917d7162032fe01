package io.kedge.metaserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Kubernetes field selector ({@code field=value}, {@code ==}, {@code !=}) over the fields a kind supports. */
final class FieldSelector {
    static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private record Requirement(String field, String value, boolean equal) {

        boolean matches(Map<String, String> fields) {
            return fields.getOrDefault(field, "").equals(value) == equal;
        }
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    static FieldSelector parse(String text, ResourceKind kind) throws ApiError {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : text.split(",", -1)) {
            requirements.add(requirement(term.trim(), kind, text));
        }
        return new FieldSelector(List.copyOf(requirements));
    }

    boolean matches(Map<String, String> fields) {
        return requirements.stream().allMatch(r -> r.matches(fields));
    }

    private static Requirement requirement(String term, ResourceKind kind, String whole) throws ApiError {
        int at;
        int length;
        boolean equal = true;
        if ((at = term.indexOf("!=")) >= 0) {
            length = 2;
            equal = false;
        } else if ((at = term.indexOf("==")) >= 0) {
            length = 2;
        } else if ((at = term.indexOf('=')) >= 0) {
            length = 1;
        } else {
            throw ApiError.badRequest("invalid fieldSelector '" + whole + "': '" + term + "' has no operator");
        }
        String field = term.substring(0, at).trim();
        if (!supported(kind).contains(field)) {
            throw ApiError.badRequest("field label not supported: " + field);
        }
        return new Requirement(field, term.substring(at + length).trim(), equal);
    }

    private static Set<String> supported(ResourceKind kind) {
        Set<String> fields = new java.util.HashSet<>(kind.extraFields());
        fields.add(Selectable.NAME);
        fields.add(Selectable.NAMESPACE);
        return fields;
    }
}
