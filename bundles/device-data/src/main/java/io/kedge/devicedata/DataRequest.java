package io.kedge.devicedata;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A parsed REST request: {@code /api/v1/devices/{ns}/{name}/{property}} (latest) or
 * {@code .../history?since=<RFC 3339 or epoch ms>&limit=N}. The raw path is checked, not decoded:
 * names are Kubernetes names (lowercase letters, digits, {@code -} and {@code .}, up to 253), a
 * property letters, digits, {@code - _ .} up to 128; anything else, {@code %} escapes included, is a
 * {@link BadRequest}.
 *
 * @param since epoch ms, 0 when not given (history only)
 * @param limit readings at most (history only)
 */
record DataRequest(String namespace, String name, String property, boolean history, long since, int limit) {
    static final String PREFIX = "/api/v1/devices/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_QUERY = 512;

    String deviceId() {
        return namespace + "/" + name;
    }

    static DataRequest parse(String rawPath, String rawQuery, int defaultLimit, int maxLimit) throws BadRequest {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            throw new BadRequest("paths are /api/v1/devices/{namespace}/{name}/{property}[/history]");
        }
        String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
        boolean history = parts.length == 4 && parts[3].equals("history");
        if (parts.length != 3 && !history) {
            throw new BadRequest("paths are /api/v1/devices/{namespace}/{name}/{property}[/history]");
        }
        check(NAME, parts[0], "namespace");
        check(NAME, parts[1], "device name");
        check(PROPERTY, parts[2], "property");
        long since = 0;
        int limit = defaultLimit;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            if (!history) {
                throw new BadRequest("the latest reading takes no query parameters");
            }
            if (rawQuery.length() > MAX_QUERY) {
                throw new BadRequest("query longer than " + MAX_QUERY + " characters");
            }
            boolean sinceSeen = false;
            boolean limitSeen = false;
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
                switch (key) {
                    case "since" -> {
                        if (sinceSeen) {
                            throw new BadRequest("since is given twice");
                        }
                        sinceSeen = true;
                        since = since(value);
                    }
                    case "limit" -> {
                        if (limitSeen) {
                            throw new BadRequest("limit is given twice");
                        }
                        limitSeen = true;
                        limit = limit(value, maxLimit);
                    }
                    default -> throw new BadRequest("unknown query parameter; history takes since and limit");
                }
            }
        }
        return new DataRequest(parts[0], parts[1], parts[2], history, since, limit);
    }

    private static void check(Pattern pattern, String value, String what) throws BadRequest {
        if (!pattern.matcher(value).matches()) {
            throw new BadRequest(what + " is not a valid name");
        }
    }

    /** RFC 3339 ({@code 2026-12-03T19:42:00Z}, with an offset or fraction) or epoch milliseconds. */
    static long since(String value) throws BadRequest {
        if (DIGITS.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadRequest("since must be an RFC 3339 time (2026-12-03T19:42:00Z) or epoch milliseconds");
        }
    }

    private static int limit(String value, int maxLimit) throws BadRequest {
        if (!value.matches("[0-9]{1,9}")) {
            throw new BadRequest("limit must be a whole number from 1 to " + maxLimit);
        }
        int limit = Integer.parseInt(value);
        if (limit < 1 || limit > maxLimit) {
            throw new BadRequest("limit must be a whole number from 1 to " + maxLimit);
        }
        return limit;
    }
}
