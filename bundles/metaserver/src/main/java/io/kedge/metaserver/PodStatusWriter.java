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
import io.kedge.protocol.kube.MergePatch;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code PUT} and {@code PATCH} of {@code pods/{name}/status}: an edge app reports a pod's status as
 * it would to Kubernetes. The report goes into the node's durable outbox as KubeEdge's
 * {@code update {ns}/podstatus/{name}} with content {@code {UID, Name, Status}}, and the answer comes
 * only once it is on disk: a 200 is never lost, whatever restarts afterwards.
 *
 * <p>Sent by: any local process that reaches the MetaServer. Touches: the status of a pod the node
 * holds (the cloud sends a node only the pods bound to it), named by the URL; a body naming another
 * pod is refused. Nothing else is written. The body was read within {@link RequestLimits}; whatever
 * it holds, a bad one is answered with a 4xx Status.
 */
final class PodStatusWriter {
    static final String SOURCE = "metaserver";

    /** The status last reported for a pod, and which incarnation of the pod it was for. */
    private record Reported(String uid, JsonNode status) {
    }

    private final MetaStore store;
    private final ResourceKind pods;
    private final Supplier<Optional<UpstreamOutbox>> outbox;
    /** Patches apply on top of the last report until the cloud's copy catches up. Guarded by this. */
    private final Map<String, Reported> reported = new HashMap<>();

    PodStatusWriter(MetaStore store, ResourceKind pods, Supplier<Optional<UpstreamOutbox>> outbox) {
        this.store = store;
        this.pods = pods;
        this.outbox = outbox;
    }

    /**
     * One report at a time: the order of the puts is the order of the bases patches build on.
     *
     * @return the pod with its new status
     */
    synchronized JsonNode write(String method, String contentType, String namespace, String name, byte[] body)
            throws ApiError {
        MetaObject pod = store.get(namespace, ResourceTypes.POD, name)
                .orElseThrow(() -> ApiError.notFound("pods \"" + name + "\" not found"));
        String podKey = namespace + "/" + name;
        JsonNode status = switch (method) {
            case "PUT" -> fullStatus(pod, parse(body));
            case "PATCH" -> patchedStatus(pod, base(podKey, pod), contentType, requireMergePatch(contentType, body));
            default -> throw ApiError.readOnly(method);
        };
        UpstreamOutbox target = outbox.get().orElseThrow(() -> new ApiError(503, "ServiceUnavailable",
                "the node's outbox is not running: status not accepted"));
        try {
            target.put("podstatus/" + podKey, report(pod, status));
        } catch (OutboxException e) {
            throw new ApiError(503, "ServiceUnavailable", "status not accepted: " + e.getMessage());
        }
        forgetPodsGone();
        reported.put(podKey, new Reported(pod.uid(), status));
        ObjectNode answer = KubeObjects.typed(pod, pods).deepCopy();
        answer.set("status", status);
        return answer;
    }

    private static Message report(MetaObject pod, JsonNode status) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("UID", pod.uid());
        content.put("Name", pod.name());
        content.set("Status", status);
        return Message.create(SOURCE, Groups.RESOURCE,
                ResourcePath.of(pod.namespace(), ResourceTypes.POD_STATUS, pod.name()).toString(), Operations.UPDATE,
                content);
    }

    private JsonNode base(String podKey, MetaObject pod) {
        Reported last = reported.get(podKey);
        return last != null && last.uid().equals(pod.uid()) ? last.status() : pod.object().path("status");
    }

    /** A pod deleted or recreated under its name takes its last report along. */
    private void forgetPodsGone() {
        reported.entrySet().removeIf(entry -> {
            String[] key = entry.getKey().split("/", 2);
            return store.get(key[0], ResourceTypes.POD, key[1]).map(MetaObject::uid)
                    .filter(entry.getValue().uid()::equals).isEmpty();
        });
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

    /** As the API server: the body names this pod (if it names one) and carries the whole status. */
    private static JsonNode fullStatus(MetaObject pod, JsonNode body) throws ApiError {
        JsonNode metadata = body.path("metadata");
        if (metadata.hasNonNull("name") && !metadata.path("name").asText().equals(pod.name())) {
            throw ApiError.badRequest("the name in the body (" + metadata.path("name").asText()
                    + ") does not match the name in the URL (" + pod.name() + ")");
        }
        if (metadata.hasNonNull("uid") && !metadata.path("uid").asText().equals(pod.uid())) {
            throw new ApiError(409, "Conflict", "the uid in the body (" + metadata.path("uid").asText()
                    + ") is not the pod's (" + pod.uid() + ")");
        }
        JsonNode status = body.get("status");
        if (status == null || !status.isObject()) {
            throw ApiError.badRequest("a Pod with a status object is required");
        }
        return status;
    }

    /** JSON Patch (RFC 6902) is not offered: a status report is a merge. */
    private static JsonNode requireMergePatch(String contentType, byte[] body) throws ApiError {
        if (!MergePatch.isMergePatch(contentType)) {
            throw new ApiError(415, "UnsupportedMediaType", "use application/merge-patch+json or "
                    + "application/strategic-merge-patch+json, got '" + contentType + "'");
        }
        return parse(body);
    }

    /**
     * The status after the patch, merged as an API server would: a strategic merge patch merges the
     * status lists by their keys (conditions by type, container statuses by name, pod IPs by ip).
     */
    private static JsonNode patchedStatus(MetaObject pod, JsonNode base, String contentType, JsonNode patch)
            throws ApiError {
        JsonNode statusPatch = patch.get("status");
        if (statusPatch == null || !statusPatch.isObject()) {
            throw ApiError.badRequest("the patch must carry a status object; only pods/" + pod.name()
                    + "/status can be written here");
        }
        try {
            return MergePatch.apply(contentType, base.isObject() ? base : JsonNodeFactory.instance.objectNode(),
                    statusPatch);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid patch: " + e.getMessage());
        }
    }
}
