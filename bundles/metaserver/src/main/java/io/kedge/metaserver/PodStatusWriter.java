package io.kedge.metaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.api.outbox.OutboxException;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code PUT} and {@code PATCH} of {@code pods/{name}/status}: an edge app reports a pod's status as
 * it would to Kubernetes. The report goes into the node's durable outbox (KubeEdge's
 * {@code update {ns}/podstatus/{name}}) and the answer comes only once it is on disk, so a 200 is
 * never lost, whatever restarts afterwards.
 */
final class PodStatusWriter {
    static final String SOURCE = "metaserver";

    private final MetaStore store;
    private final Supplier<Optional<UpstreamOutbox>> outbox;
    /** The status last reported per pod: patches apply on top of it until the cloud's copy catches up. */
    private final Map<String, JsonNode> reported = new ConcurrentHashMap<>();

    PodStatusWriter(MetaStore store, Supplier<Optional<UpstreamOutbox>> outbox) {
        this.store = store;
        this.outbox = outbox;
    }

    /** @return the pod with its new status */
    JsonNode write(String method, String contentType, String namespace, String name, byte[] body) throws ApiError {
        MetaObject pod = store.get(namespace, ResourceTypes.POD, name)
                .orElseThrow(() -> ApiError.notFound("pods \"" + name + "\" not found in namespace " + namespace));
        if (method.equals("PATCH")) {
            requireMergePatch(contentType);
        }
        JsonNode request = parse(body);
        JsonNode status = switch (method) {
            case "PUT" -> fullStatus(request);
            case "PATCH" -> patchedStatus(pod, request);
            default -> throw ApiError.readOnly(method);
        };
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("UID", pod.uid());
        content.put("Name", name);
        content.set("Status", status);
        Message report = Message.create(SOURCE, Groups.RESOURCE,
                ResourcePath.of(namespace, ResourceTypes.POD_STATUS, name).toString(), Operations.UPDATE, content);
        UpstreamOutbox target = outbox.get().orElseThrow(() -> new ApiError(503, "ServiceUnavailable",
                "the node's outbox is not running: status not accepted"));
        try {
            target.put("podstatus/" + namespace + "/" + name, report);
        } catch (OutboxException e) {
            throw new ApiError(503, "ServiceUnavailable", "status not accepted: " + e.getMessage());
        }
        reported.put(pod.uid(), status);
        ObjectNode answer = pod.object().deepCopy();
        answer.set("status", status);
        return answer;
    }

    private static JsonNode parse(byte[] body) throws ApiError {
        try {
            JsonNode json = MessageCodec.mapper().readTree(body);
            if (json == null || !json.isObject()) {
                throw ApiError.badRequest("the body must be a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not JSON: " + e.getMessage());
        }
    }

    private static JsonNode fullStatus(JsonNode pod) throws ApiError {
        JsonNode status = pod.get("status");
        if (status == null || !status.isObject()) {
            throw ApiError.badRequest("a Pod with a status object is required");
        }
        return status;
    }

    /** JSON Patch (RFC 6902) is not offered: status reports are merges. */
    private static void requireMergePatch(String contentType) throws ApiError {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/merge-patch+json") && !type.startsWith("application/strategic-merge-patch+json")) {
            throw new ApiError(415, "UnsupportedMediaType", "use application/merge-patch+json or "
                    + "application/strategic-merge-patch+json, got '" + contentType + "'");
        }
    }

    private JsonNode patchedStatus(MetaObject pod, JsonNode patch) throws ApiError {
        JsonNode statusPatch = patch.get("status");
        if (statusPatch == null) {
            throw ApiError.badRequest("the patch changes no status");
        }
        JsonNode base = reported.getOrDefault(pod.uid(), pod.object().path("status"));
        JsonNode merged = mergePatch(base.isObject() ? base.deepCopy() : JsonNodeFactory.instance.objectNode(),
                statusPatch);
        if (!merged.isObject()) {
            throw ApiError.badRequest("status must stay an object");
        }
        return merged;
    }

    /** RFC 7386: objects merge member by member, null removes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                JsonNode current = result.get(field.getKey());
                result.set(field.getKey(), mergePatch(current == null ? JsonNodeFactory.instance.objectNode()
                        : current, field.getValue()));
            }
        }
        return result;
    }
}
