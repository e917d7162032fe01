package io.kedge.metaserver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A failed request, answered as a Kubernetes {@code Status} object so that clients report it properly. */
final class ApiError extends Exception {
    private final int code;
    private final String reason;

    ApiError(int code, String reason, String message) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", message);
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequest", message);
    }

    static ApiError readOnly(String method) {
        return new ApiError(405, "MethodNotAllowed", "MetaServer is read-only except for pod status (PUT/PATCH pods/{name}/status): " + method
                + " is not allowed");
    }

    static ApiError expired(String message) {
        return new ApiError(410, "Expired", message);
    }

    static ApiError tooManyWatches(int max) {
        return new ApiError(429, "TooManyRequests", "too many watches open (at most " + max + ")");
    }

    /** A refusal for now; the client is told to retry after a second. */
    static ApiError busy(String message) {
        return new ApiError(429, "TooManyRequests", message);
    }

    int code() {
        return code;
    }

    ObjectNode toStatus() {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        status.put("reason", reason);
        status.put("code", code);
        return status;
    }
}
