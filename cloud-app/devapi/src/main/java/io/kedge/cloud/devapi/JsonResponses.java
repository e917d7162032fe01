package io.kedge.cloud.devapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

import java.io.UncheckedIOException;

/** Builds JSON responses; kubectl relies on the Content-Type to pick a decoder, so it is always set. */
final class JsonResponses {

  static final ObjectMapper MAPPER = Serialization.jsonMapper();
  static final String CONTENT_TYPE = "Content-Type";
  static final String APPLICATION_JSON = "application/json";

  private JsonResponses() {
  }

  static MockResponse ok(Object body) {
    return json(200, body);
  }

  static MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader(CONTENT_TYPE, APPLICATION_JSON)
        .setBody(body instanceof String s ? s : write(body));
  }

  /** A meta/v1 Status, the shape every Kubernetes client expects for errors. */
  static MockResponse status(int code, String reason, String message) {
    ObjectNode status = MAPPER.createObjectNode()
        .put("kind", "Status")
        .put("apiVersion", "v1")
        .put("status", "Failure")
        .put("reason", reason)
        .put("message", message)
        .put("code", code);
    status.putObject("metadata");
    return json(code, status);
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
