package io.kedge.runtime.api;

/**
 * Label keys Edged puts on sandboxes and containers so that it finds its pods again after a
 * restart (the kubelet uses the same {@code io.kubernetes.*} keys with CRI runtimes).
 */
public final class PodLabels {
    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** Hash of the container's spec: a changed spec means the container is recreated. */
    public static final String CONTAINER_HASH = "io.kedge.container.hash";

    private PodLabels() {
    }
}
