package io.kedge.edged.pod;

/**
 * A pod that cannot run as it is written, or not yet: a missing configMap, an invalid probe, a
 * hostPath outside the allow-list. {@link #reason()} goes into the container's waiting state
 * (Kubernetes' strings: {@code CreateContainerConfigError}, ...), the message beside it; Edged
 * tries again on its next pass, so a pod waiting for a configMap starts once it arrives.
 */
public class PodSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A referenced configMap, secret or key is missing, or an env/volume source is invalid. */
    public static final String CONFIG_ERROR = "CreateContainerConfigError";
    /** The pod's spec is invalid in a way that retrying does not fix (bad probe, forbidden hostPath). */
    public static final String INVALID_SPEC = "InvalidPodSpec";

    private final String reason;

    public PodSpecException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
