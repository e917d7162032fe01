package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The CRUD mock only understands metadata.name in a fieldSelector; any other term (spec.nodeName=X,
 * status.phase!=Running, ...) silently matches nothing. We take those terms out of the request and
 * evaluate them ourselves against the stored JSON.
 */
final class FieldSelector implements Predicate<JsonNode> {

  private static final String PARAM = "fieldSelector";
  private static final String LEFT_TO_MOCK = "metadata.name";

  private record Term(String field, String value, boolean equal) {
  }

  private final List<Term> ownTerms;
  private final String pathForMock;

  private FieldSelector(List<Term> ownTerms, String pathForMock) {
    this.ownTerms = ownTerms;
    this.pathForMock = pathForMock;
  }

  /** Splits the request's fieldSelector; {@link #isNeeded()} tells whether we have to filter at all. */
  static FieldSelector of(String path) {
    Map<String, String> query = RequestPath.query(path);
    String selector = query.get(PARAM);
    List<Term> own = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    if (selector != null) {
      for (String raw : selector.split(",")) {
        Term term = parse(raw.trim());
        if (term == null || term.field().equals(LEFT_TO_MOCK)) {
          kept.add(raw.trim());
        } else {
          own.add(term);
        }
      }
    }
    if (kept.isEmpty()) {
      query.remove(PARAM);
    } else {
      query.put(PARAM, String.join(",", kept));
    }
    return new FieldSelector(own, RequestPath.withQuery(RequestPath.withoutQuery(path), query));
  }

  boolean isNeeded() {
    return !ownTerms.isEmpty();
  }

  /** The request path with our terms removed: what the mock should see. */
  String pathForMock() {
    return pathForMock;
  }

  @Override
  public boolean test(JsonNode object) {
    for (Term term : ownTerms) {
      boolean matches = fieldValue(object, term.field()).equals(term.value());
      if (matches != term.equal()) {
        return false;
      }
    }
    return true;
  }

  /** Keeps only matching items of a list response. */
  JsonNode filterList(JsonNode list) {
    JsonNode copy = list.deepCopy();
    if (copy.path("items").isArray()) {
      ArrayNode items = (ArrayNode) copy.get("items");
      for (int i = items.size() - 1; i >= 0; i--) {
        if (!test(items.get(i))) {
          items.remove(i);
        }
      }
    }
    return copy;
  }

  /** Missing fields compare as "", as on a real API server (spec.nodeName= finds unscheduled pods). */
  private static String fieldValue(JsonNode object, String dottedPath) {
    JsonNode node = object;
    for (String part : dottedPath.split("\\.")) {
      node = node.path(part);
    }
    return node.isValueNode() ? node.asText() : "";
  }

  private static Term parse(String raw) {
    String[] operators = {"!=", "==", "="};
    for (String op : operators) {
      int at = raw.indexOf(op);
      if (at > 0) {
        return new Term(raw.substring(0, at), raw.substring(at + op.length()), !op.equals("!="));
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return ownTerms.stream().map(Term::toString).collect(Collectors.joining(","));
  }
}
