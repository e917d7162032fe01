package io.kedge.runtime.containerd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kedge.runtime.api.RuntimeFailure;

/** containerd's gRPC errors as the reasons Edged shows in pod status. */
final class CriErrors {
    private CriErrors() {
    }

    /**
     * @param reason the reason of the operation (e.g. {@link RuntimeFailure#IMAGE_PULL}); overridden
     *               by {@link RuntimeFailure#UNAVAILABLE} when containerd did not answer and by
     *               {@link RuntimeFailure#NOT_FOUND} when the id names nothing
     */
    static RuntimeFailure failure(String reason, String what, RuntimeException e) {
        if (e instanceof StatusRuntimeException sre) {
            Status.Code code = sre.getStatus().getCode();
            String message = what + ": " + (sre.getStatus().getDescription() == null ? code
                    : sre.getStatus().getDescription());
            return switch (code) {
                case UNAVAILABLE, CANCELLED -> new RuntimeFailure(RuntimeFailure.UNAVAILABLE, message, e);
                case DEADLINE_EXCEEDED -> new RuntimeFailure(reason, message + " (timed out)", e);
                case NOT_FOUND -> new RuntimeFailure(RuntimeFailure.NOT_FOUND, message, e);
                default -> new RuntimeFailure(reason, message, e);
            };
        }
        return new RuntimeFailure(RuntimeFailure.UNAVAILABLE, what + ": " + e, e);
    }

    static boolean notFound(RuntimeException e) {
        return e instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.NOT_FOUND;
    }
}
