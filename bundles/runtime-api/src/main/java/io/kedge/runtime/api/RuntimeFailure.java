package io.kedge.runtime.api;

/**
 * A runtime call that did not succeed. {@link #reason()} is what Edged shows in the pod status
 * (the strings users know from Kubernetes where one exists), the message the detail.
 */
public class RuntimeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The image could not be pulled or found. */
    public static final String IMAGE_PULL = "ErrImagePull";
    /** The image is absent and the pull policy is Never. */
    public static final String IMAGE_NEVER_PULL = "ErrImageNeverPull";
    /** The container could not be created (bad spec, missing mount source). */
    public static final String CREATE_CONTAINER = "CreateContainerError";
    /** The container was created but did not start (e.g. its command was not found). */
    public static final String START_CONTAINER = "RunContainerError";
    /** The pod's sandbox could not be created (e.g. no network). */
    public static final String CREATE_SANDBOX = "CreatePodSandboxError";
    /** The runtime itself did not answer. */
    public static final String UNAVAILABLE = "RuntimeUnavailable";
    /** The id names nothing the runtime holds. */
    public static final String NOT_FOUND = "NotFound";

    private final String reason;

    public RuntimeFailure(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RuntimeFailure(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
