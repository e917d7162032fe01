package io.kedge.edged.env;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.pod.PodSpecException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The values a {@code fieldRef} selects, as the kubelet gives them. The metadata fields serve both
 * env vars and downward API volumes; the node and address fields only env vars (Kubernetes allows
 * them only there).
 */
public final class PodFields {

    private PodFields() {
    }

    /**
     * A metadata field: {@code metadata.name|namespace|uid|labels|annotations} or
     * {@code metadata.labels['k']}; whole maps as {@code k="v"} lines sorted by key. A missing
     * label is the empty string, as in Kubernetes.
     *
     * @return empty when {@code path} is not a metadata field
     */
    public static Optional<String> metadata(JsonNode pod, String path) throws PodSpecException {
        JsonNode metadata = pod.path("metadata");
        switch (path) {
            case "metadata.name":
                return Optional.of(PodJson.text(metadata, "name", ""));
            case "metadata.namespace":
                return Optional.of(PodJson.text(metadata, "namespace", "default"));
            case "metadata.uid":
                return Optional.of(PodJson.text(metadata, "uid", ""));
            case "metadata.labels":
                return Optional.of(lines(metadata.path("labels")));
            case "metadata.annotations":
                return Optional.of(lines(metadata.path("annotations")));
            default:
                return subscript(metadata, path, "labels").or(() -> subscript(metadata, path, "annotations"));
        }
    }

    /**
     * Any field an env var may select: the metadata ones, {@code spec.nodeName},
     * {@code spec.serviceAccountName}, {@code status.podIP(s)}, {@code status.hostIP(s)}.
     */
    public static String env(JsonNode pod, String path, String nodeName, String podIp, String hostIp)
            throws PodSpecException {
        switch (path) {
            case "spec.nodeName":
                String named = PodJson.text(pod.path("spec"), "nodeName", "");
                return named.isEmpty() ? nullToEmpty(nodeName) : named;
            case "spec.serviceAccountName":
                return PodJson.text(pod.path("spec"), "serviceAccountName", "");
            case "status.podIP":
            case "status.podIPs":
                return nullToEmpty(podIp);
            case "status.hostIP":
            case "status.hostIPs":
                return nullToEmpty(hostIp);
            default:
                return metadata(pod, path).orElseThrow(() -> PodJson.invalid(
                        "fieldRef \"" + path + "\" is not supported"));
        }
    }

    private static Optional<String> subscript(JsonNode metadata, String path, String map) {
        String prefix = "metadata." + map + "['";
        if (!path.startsWith(prefix) || !path.endsWith("']") || path.length() < prefix.length() + 2) {
            return Optional.empty();
        }
        String key = path.substring(prefix.length(), path.length() - 2);
        JsonNode value = metadata.path(map).path(key);
        return Optional.of(value.isTextual() ? value.textValue() : "");
    }

    private static String lines(JsonNode map) {
        if (!map.isObject()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            sorted.put(field.getKey(), field.getValue().isTextual() ? field.getValue().textValue() : "");
        }
        StringJoiner joined = new StringJoiner("\n");
        sorted.forEach((key, value) -> joined.add(key + "=" + quote(value)));
        return joined.toString();
    }

    /** Go's strconv.Quote for the characters labels and annotations hold. */
    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
