package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kedge.protocol.kube.FieldSelector;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The CRUD mock only understands metadata.name in a fieldSelector; any other term (spec.nodeName=X,
 * status.phase!=Running, ...) silently matches nothing. We take those terms out of the request and
 * evaluate them ourselves against the stored JSON, with protocol's {@link FieldSelector}, the one the
 * edge's MetaServer uses. Any field path is accepted: a stand-in API has no per-kind field list.
 */
final class SplitFieldSelector implements Predicate<JsonNode> {

  private static final String PARAM = "fieldSelector";
  private static final String LEFT_TO_MOCK = "metadata.name";

  private final FieldSelector own;
  private final String pathForMock;

  private SplitFieldSelector(FieldSelector own, String pathForMock) {
    this.own = own;
    this.pathForMock = pathForMock;
  }

  /**
   * Splits the request's fieldSelector; {@link #isNeeded()} tells whether we have to filter at all.
   *
   * @throws IllegalArgumentException if the fieldSelector is not one (the request deserves a 400)
   */
  static SplitFieldSelector of(String path) {
    Map<String, String> query = RequestPath.query(path);
    FieldSelector selector = FieldSelector.parse(query.get(PARAM));
    FieldSelector forMock = selector.only(term -> term.field().equals(LEFT_TO_MOCK));
    if (forMock.isEmpty()) {
      query.remove(PARAM);
    } else {
      query.put(PARAM, forMock.toString());
    }
    return new SplitFieldSelector(selector.only(term -> !term.field().equals(LEFT_TO_MOCK)),
        RequestPath.withQuery(RequestPath.withoutQuery(path), query));
  }

  boolean isNeeded() {
    return !own.isEmpty();
  }

  /** The request path with our terms removed: what the mock should see. */
  String pathForMock() {
    return pathForMock;
  }

  /** Missing fields compare as "", as on a real API server (spec.nodeName= finds unscheduled pods). */
  @Override
  public boolean test(JsonNode object) {
    return own.matches(object);
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

  @Override
  public String toString() {
    return own.toString();
  }
}
