package io.kedge.cloud.devapi;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Small helpers for request paths: the mock routes on raw paths, so we often need them without their query. */
final class RequestPath {

  private RequestPath() {
  }

  static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** Decoded query parameters in request order (last one wins for repeated names). */
  static Map<String, String> query(String path) {
    Map<String, String> params = new LinkedHashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return params;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.put(name, value);
    }
    return params;
  }

  static String withQuery(String bare, Map<String, String> params) {
    if (params.isEmpty()) {
      return bare;
    }
    return bare + "?" + params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
