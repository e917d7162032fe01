package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sent by: any local client of the development API (it listens on 127.0.0.1 without authentication).
 * Touches: nothing; it only turns a request body into JSON, or refuses it with {@link UnsupportedBodyException}.
 * <p>
 * Turns the protobuf bodies kubectl's typed commands send ({@code kubectl create secret|configmap|deployment|...}:
 * client-go sends {@code application/vnd.kubernetes.protobuf} whatever the server advertises) into the JSON the
 * CRUD store keeps, with Kubernetes' published protobuf types (client-java-proto).
 * <p>
 * The envelope is the magic {@code k8s\0} and a {@code runtime.Unknown} naming apiVersion and kind; the object is
 * decoded with that kind's descriptor and written field by field (the .proto field names are the JSON names),
 * with the JSON forms of Time, MicroTime, IntOrString, Quantity and RawExtension. Fields newer than the published
 * types are dropped: this is the development API, which says so in its refusal for kinds it has no type for.
 */
final class ProtobufBodies {

  /** A body that is not a Kubernetes protobuf object of a kind the published types know. */
  static final class UnsupportedBodyException extends Exception {
    UnsupportedBodyException(String message) {
      super(message);
    }
  }

  /** v1, apps/v1, rbac.authorization.k8s.io/v1: an optional DNS group, then a version. */
  private static final Pattern API_VERSION = Pattern.compile("([a-z0-9]+(\\.[a-z0-9][-a-z0-9]*)*/)?[a-z0-9]+");
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String TIME = Meta.Time.getDescriptor().getFullName();
  private static final String MICRO_TIME = Meta.MicroTime.getDescriptor().getFullName();
  private static final String INT_OR_STRING = IntStr.IntOrString.getDescriptor().getFullName();
  private static final String QUANTITY = Resource.Quantity.getDescriptor().getFullName();
  private static final String RAW_EXTENSION = Runtime.RawExtension.getDescriptor().getFullName();
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
      .withZone(java.time.ZoneOffset.UTC);

  private ProtobufBodies() {
  }

  static boolean isProtobuf(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("protobuf");
  }

  /** The JSON object of a protobuf request body. */
  static ObjectNode toJson(byte[] body) throws UnsupportedBodyException {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      throw new UnsupportedBodyException("not a Kubernetes protobuf object (no k8s envelope)");
    }
    Runtime.Unknown envelope;
    try {
      envelope = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
    } catch (InvalidProtocolBufferException e) {
      throw new UnsupportedBodyException("malformed protobuf envelope: " + e.getMessage());
    }
    String apiVersion = envelope.getTypeMeta().getApiVersion();
    String kind = envelope.getTypeMeta().getKind();
    Descriptor type = descriptor(apiVersion, kind);
    Message object;
    try {
      object = DynamicMessage.parseFrom(type, envelope.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw new UnsupportedBodyException("malformed protobuf " + kind + ": " + e.getMessage());
    }
    ObjectNode json = JSON.objectNode();
    json.put("apiVersion", apiVersion);
    json.put("kind", kind);
    try {
      json.setAll(message(object));
    } catch (RuntimeException e) {
      // a time beyond Instant's range, a RawExtension that is not JSON: the sender's mistake, not ours
      throw new UnsupportedBodyException("malformed protobuf " + kind + ": " + e.getMessage());
    }
    return json;
  }

  /** The published types name their outer class by version and the group's first label: apps/v1 is V1Apps. */
  private static Descriptor descriptor(String apiVersion, String kind) throws UnsupportedBodyException {
    if (!API_VERSION.matcher(apiVersion).matches() || kind.isEmpty()) {
      throw new UnsupportedBodyException("protobuf object without a valid apiVersion and kind");
    }
    int slash = apiVersion.indexOf('/');
    String version = apiVersion.substring(slash + 1);
    String group = slash < 0 ? "" : apiVersion.substring(0, slash).split("\\.")[0];
    String outer = "io.kubernetes.client.proto." + capitalize(version) + capitalize(group);
    try {
      FileDescriptor file = (FileDescriptor) Class.forName(outer).getMethod("getDescriptor").invoke(null);
      Descriptor type = file.findMessageTypeByName(kind);
      if (type != null) {
        return type;
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      // no published types for this group and version
    }
    throw new UnsupportedBodyException("protobuf bodies of " + kind + " (" + apiVersion
        + ") are not supported by the embedded API server; send JSON (e.g. kubectl apply -f)");
  }

  private static String capitalize(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static JsonNode value(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> special((Message) value);
      case BYTE_STRING -> JSON.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case STRING -> JSON.textNode((String) value);
      case BOOLEAN -> JSON.booleanNode((Boolean) value);
      case INT -> JSON.numberNode((Integer) value);
      case LONG -> JSON.numberNode((Long) value);
      case FLOAT -> JSON.numberNode((Float) value);
      case DOUBLE -> JSON.numberNode((Double) value);
      case ENUM -> JSON.textNode(value.toString());
    };
  }

  /** The types whose JSON form is not an object of their fields. */
  private static JsonNode special(Message message) {
    String name = message.getDescriptorForType().getFullName();
    if (name.equals(TIME) || name.equals(MICRO_TIME)) {
      Instant instant = Instant.ofEpochSecond(longField(message, "seconds"), longField(message, "nanos"));
      return JSON.textNode(name.equals(TIME) ? DateTimeFormatter.ISO_INSTANT.format(instant) : MICROS.format(instant));
    }
    if (name.equals(INT_OR_STRING)) {
      return longField(message, "type") == 0 ? JSON.numberNode((int) longField(message, "intVal"))
          : JSON.textNode(stringField(message, "strVal"));
    }
    if (name.equals(QUANTITY)) {
      return JSON.textNode(stringField(message, "string"));
    }
    if (name.equals(RAW_EXTENSION)) {
      ByteString raw = (ByteString) message.getField(message.getDescriptorForType().findFieldByName("raw"));
      return JsonResponses.read(raw.toStringUtf8());
    }
    return message(message);
  }

  private static ObjectNode message(Message message) {
    ObjectNode json = JSON.objectNode();
    for (var entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      if (field.isMapField()) {
        ObjectNode map = json.putObject(field.getName());
        for (Object item : (List<?>) entry.getValue()) {
          Message mapEntry = (Message) item;
          Descriptor entryType = mapEntry.getDescriptorForType();
          FieldDescriptor valueField = entryType.findFieldByName("value");
          map.set(String.valueOf(mapEntry.getField(entryType.findFieldByName("key"))),
              value(valueField, mapEntry.getField(valueField)));
        }
      } else if (field.isRepeated()) {
        ArrayNode array = json.putArray(field.getName());
        for (Object item : (List<?>) entry.getValue()) {
          array.add(value(field, item));
        }
      } else {
        json.set(field.getName(), value(field, entry.getValue()));
      }
    }
    return json;
  }

  private static long longField(Message message, String name) {
    Object value = message.getField(message.getDescriptorForType().findFieldByName(name));
    return ((Number) value).longValue();
  }

  private static String stringField(Message message, String name) {
    return (String) message.getField(message.getDescriptorForType().findFieldByName(name));
  }
}
