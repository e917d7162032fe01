package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** Server-side printing columns for one resource type, as kubectl asks for them with "as=Table". */
interface TableColumns {

  record Column(String name, String type, String format, String description) {
  }

  List<Column> columns();

  /** The cells of one row, in column order. */
  List<Object> cells(JsonNode object, Instant now);

  static Column name() {
    return new Column("Name", "string", "name", "Name must be unique within a namespace.");
  }

  static Column age() {
    return new Column("Age", "string", "", "Time since the object was created.");
  }

  static String age(JsonNode object, Instant now) {
    return HumanAge.since(object.path("metadata").path("creationTimestamp").asText(null), now);
  }
}
